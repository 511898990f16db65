//! `report.yaml`: the report's settings, the cover, 一、联盟简况 and the
//! opinions of 七 and 八.

use super::Kind::*;
use super::Need::*;
use super::tables::{ACHIEVEMENT_KINDS, MEMBER_TYPES};
use super::{COUNT, DATE, Field, FileSpec, Shape, TEXT, choice, f};

const AMOUNT: &str = "只写数字，不写单位，最多两位小数；没有就填 0";
const MAY_BE_NONE: &str = "没有可以不写，打印时填“无”";

pub const REPORT: FileSpec = FileSpec {
    path: "report.yaml",
    title: "封面、一、联盟简况、七/八审核意见",
    schema: "report.schema.json",
    fields: &[
        f("form", "报告格式的版本", Year, Setting, "省科技厅印发附件2的年份，例如 2025；不写时用最新的版本"),
        f(
            "end_year",
            "数据截止年度",
            Year,
            Setting,
            "表内数据截止到该年年底（填写说明二.4）；不写时用所选版本规定的年份",
        ),
        f(
            "evidence_refs",
            "表格中注明印证材料",
            Flag,
            Setting,
            "写 true 时，被印证的表格行注明“见附件 N-M”（依据 evidence/evidence.yaml 的 supports）",
        ),
        f("cover", "封面", Group(&COVER), Required, "封面各栏"),
        f("alliance", "一、联盟简况", Group(&ALLIANCE), Required, "一、联盟简况的各栏"),
        f("opinions", "审核意见", Group(&OPINIONS), Optional, "七、八的审核意见；不写时留出手写的位置"),
    ],
};

pub const COVER: [Field; 4] = [
    f("recommender", "组织推荐单位", Text, Required, TEXT),
    f("filled_by", "填报人", Text, Required, TEXT),
    f(
        "phone",
        "联系电话",
        Format(Shape::Phone),
        Required,
        "座机写成“区号-号码”，如 0351-6237520；也可填手机号码",
    ),
    f("date", "填报日期", Date, Required, DATE),
];

pub const ALLIANCE: [Field; 38] = [
    f("name", "联盟名称", Text, Required, TEXT),
    f("field", "技术领域", Text, Required, TEXT),
    f("lead_unit", "联盟牵头单位", Text, Required, "须与 members.yaml 中该单位的名称完全一致"),
    f("standing_body", "联盟常设机构", Text, Required, TEXT),
    f("standing_body_address", "常设机构通讯地址", Text, Required, TEXT),
    f(
        "standing_body_postcode",
        "邮编",
        Format(Shape::Postcode),
        Required,
        "6 位数字，加引号保留开头的 0，如 \"030025\"",
    ),
    f("contact", "联系人", Text, Required, TEXT),
    f("phone", "电话", Format(Shape::Phone), Required, "座机写成“区号-号码”，如 0351-6237518"),
    f("fax", "传真", Format(Shape::Phone), Optional, MAY_BE_NONE),
    f("chairman", "理事长", Text, Required, TEXT),
    f("chairman_unit", "理事长所在单位", Text, Required, TEXT),
    f("secretary_general", "秘书长", Text, Required, TEXT),
    f("secretary_general_unit", "秘书长所在单位", Text, Required, TEXT),
    f("address", "通讯地址", Text, Required, TEXT),
    f("postcode", "邮编", Format(Shape::Postcode), Required, "6 位数字，加引号保留开头的 0，如 \"030025\""),
    f("office_contact", "联系人", Text, Required, TEXT),
    f("office_phone", "办公电话", Format(Shape::Phone), Required, "座机写成“区号-号码”，如 0351-6237520"),
    f("mobile", "手机", Format(Shape::Mobile), Required, "11 位手机号码，如 13935112468"),
    f("office_fax", "传真", Format(Shape::Phone), Optional, MAY_BE_NONE),
    f("email", "E-mail", Format(Shape::Email), Required, "例如 secretariat@example.cn"),
    f("recognized_on", "认定时间", Date, Required, DATE),
    f("level", "级别", choice(&["国家级", "省级"]), Required, "联盟的级别"),
    f(
        "members_at_recognition",
        "认定时联盟成员单位（个）",
        Group(&MEMBER_COUNTS),
        Required,
        "认定时的成员单位数及其中各类单位数",
    ),
    f(
        "members_now",
        "目前联盟成员单位（个）",
        Group(&MEMBER_COUNTS),
        Derived,
        "不写时由 members.yaml 按单位类型统计",
    ),
    f("secretariat_staff", "秘书处专职人员（人）", Count, Required, COUNT),
    f("office_area", "办公场所面积（平米）", Amount, Required, "只写数字，不写单位；没有就填 0"),
    f("annual_budget", "年办公运行经费（万元）", Amount, Required, AMOUNT),
    f(
        "funding_channels",
        "筹集渠道",
        Choices(&["牵头单位提供", "会费", "成员单位均摊", "其它"]),
        Required,
        "可多选，例如 [牵头单位提供, 会费]",
    ),
    f("exchange_events", "举办的技术交流合作融资对接等活动（次）", Count, Required, COUNT),
    f("market_events", "开展市场推广及参加专业展会（次）", Count, Required, COUNT),
    f(
        "hosted_events",
        "主办或承办行业会议、活动（次）",
        Group(&HOSTED_EVENTS),
        Required,
        "写成 total（合计）、national（国家级）、provincial（省级）三项，没有就填 0",
    ),
    f("research_reports", "编制产业研究报告（项）", Count, Required, COUNT),
    f("platforms", "共建技术创新平台（个）", Group(&PLATFORM_COUNTS), Derived, "不写时由表5 按级别统计"),
    f("platform_uses", "平台共享使用（次）", Count, Required, COUNT),
    f(
        "projects",
        "合作开展技术创新项目（项）",
        Group(&PROJECT_SUMMARY),
        Derived,
        "不写时由表1 统计项目数、总经费及国家、省、市级项目与财政经费",
    ),
    f("ip", "知识产权与标准", Group(&IP_GRID), Derived, "不写时由表3 按成果类型和阶段统计"),
    f("ip_shared", "知识产权共享（项）", Count, Required, COUNT),
    f("transfer_activities", "合作开展科技成果转化等活动（次）", Count, Required, COUNT),
];

/// Member units by type: the 其中 breakdown of 认定时/目前联盟成员单位.
pub const MEMBER_COUNTS: [Field; 6] = [
    f("total", "合计", Count, Derived, "可以不写，不写时为下列各项之和"),
    f("enterprise", MEMBER_TYPES[0], Count, Zero, COUNT),
    f("university", MEMBER_TYPES[1], Count, Zero, COUNT),
    f("institute", MEMBER_TYPES[2], Count, Zero, COUNT),
    f("association", MEMBER_TYPES[3], Count, Zero, COUNT),
    f("other", MEMBER_TYPES[4], Count, Zero, COUNT),
];

pub const HOSTED_EVENTS: [Field; 3] = [
    f("total", "合计", Count, Required, COUNT),
    f("national", "国家级会议、活动（次）", Count, Zero, COUNT),
    f("provincial", "省级会议、活动（次）", Count, Zero, "国家级与省级之和不大于合计"),
];

pub const PLATFORM_COUNTS: [Field; 4] = [
    f("total", "共建技术创新平台（个）", Count, Required, COUNT),
    f("national", "国家级平台（个）", Count, Zero, COUNT),
    f("provincial", "省级平台（个）", Count, Zero, COUNT),
    f("municipal", "市级平台（个）", Count, Zero, COUNT),
];

pub const PROJECT_SUMMARY: [Field; 5] = [
    f("count", "合作开展技术创新项目（项）", Count, Required, COUNT),
    f("funds", "项目总经费（万元）", Amount, Required, AMOUNT),
    f("national", "国家项目", Group(&NATIONAL_PROJECTS), Zero, "国家项目数及其财政经费"),
    f("provincial", "省级项目", Group(&PROVINCIAL_PROJECTS), Zero, "省级项目数及其财政经费"),
    f("municipal", "市级项目", Group(&MUNICIPAL_PROJECTS), Zero, "市级项目数及其财政经费"),
];

pub const NATIONAL_PROJECTS: [Field; 2] = [
    f("count", "国家项目（项）", Count, Required, COUNT),
    f("public_funds", "国家财政经费（万元）", Amount, Zero, AMOUNT),
];
pub const PROVINCIAL_PROJECTS: [Field; 2] = [
    f("count", "省级项目（项）", Count, Required, COUNT),
    f("public_funds", "省财政经费（万元）", Amount, Zero, AMOUNT),
];
pub const MUNICIPAL_PROJECTS: [Field; 2] = [
    f("count", "市级项目（项）", Count, Required, COUNT),
    f("public_funds", "市财政经费（万元）", Amount, Zero, AMOUNT),
];

/// The kinds of 成果 the IP and standards grid of 一 counts (every kind of
/// 表3's 注 but 地方标准), by their index in [`ACHIEVEMENT_KINDS`].
pub const IP_KINDS: [usize; 11] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11];

const fn ip(key: &'static str, kind: usize) -> Field {
    let k = &ACHIEVEMENT_KINDS[kind];
    f(key, k.name, Pair(k.first, k.second), Zero, "两个数，写成 [申请数, 授权数]（按该类成果的两个阶段）")
}

pub const IP_GRID: [Field; 11] = [
    ip("invention_patent", IP_KINDS[0]),
    ip("utility_model", IP_KINDS[1]),
    ip("design_patent", IP_KINDS[2]),
    ip("plant_variety", IP_KINDS[3]),
    ip("new_drug", IP_KINDS[4]),
    ip("software_copyright", IP_KINDS[5]),
    ip("ic_layout", IP_KINDS[6]),
    ip("international_standard", IP_KINDS[7]),
    ip("national_standard", IP_KINDS[8]),
    ip("industry_standard", IP_KINDS[9]),
    ip("alliance_standard", IP_KINDS[10]),
];

pub const OPINIONS: [Field; 2] = [
    f(
        "lead_unit",
        "联盟牵头单位审核意见",
        Text,
        Optional,
        "七的意见；不写时留出手写的位置，签字、盖章和日期手工填写",
    ),
    f("recommender", "组织推荐部门审核意见", Text, Optional, "八的意见，一般由推荐部门手工填写"),
];

/// The keys of the 其中 lines of [`MEMBER_COUNTS`], in the order of the
/// 单位类型 vocabulary.
pub fn report_member_count_keys() -> [&'static str; 5] {
    [
        MEMBER_COUNTS[1].key,
        MEMBER_COUNTS[2].key,
        MEMBER_COUNTS[3].key,
        MEMBER_COUNTS[4].key,
        MEMBER_COUNTS[5].key,
    ]
}
