//! No empty cells (填写说明 二.3), and the formats of what is in them.
//!
//! A cell the form requires must not be missing or blank; a cell that may
//! honestly have nothing (a fax number, a project without a number) may be
//! left out and prints "无". Codes, phone numbers, postcodes and e-mail
//! addresses must have their proper form.

use super::Checker;
use super::formats::{self, FormatError};
use crate::load::{MEMBERS_FILE, REPORT_FILE, TABLE_FILES};
use crate::summary::IP_KINDS;

/// A format rule for a text cell.
type Format = fn(&str) -> Result<(), FormatError>;

pub(super) fn check(c: &mut Checker) {
    report_file(c);
    members(c);
    tables(c);
}

/// A required text cell: present, not blank, not 无; then its format.
pub(super) fn text(
    c: &mut Checker,
    file: &'static str,
    path: &str,
    label: &str,
    value: Option<&str>,
    format: Option<Format>,
) {
    match value.map(str::trim) {
        None => c.error(file, path, format!("“{label}”没有填写"), missing_hint(path, label)),
        Some("") => c.error(
            file,
            path,
            format!("“{label}”没有填写"),
            "表内栏目不得空缺（填写说明二.3），这一栏必须填写实际内容",
        ),
        Some("无") => {
            c.error(file, path, format!("“{label}”不能填“无”"), "这一栏是报告必须有的信息，请填写实际内容")
        }
        Some(v) => formatted(c, file, path, label, v, format),
    }
}

/// A cell that may be left out (it then prints 无); checked when present.
fn optional(
    c: &mut Checker,
    file: &'static str,
    path: &str,
    label: &str,
    value: Option<&str>,
    format: Format,
) {
    if let Some(v) = value.map(str::trim).filter(|v| !v.is_empty() && *v != "无") {
        formatted(c, file, path, label, v, Some(format));
    }
}

fn formatted(
    c: &mut Checker,
    file: &'static str,
    path: &str,
    label: &str,
    value: &str,
    format: Option<Format>,
) {
    if let Some(Err(e)) = format.map(|f| f(value)) {
        c.error_inside(file, path, e.offset, format!("{label}：{}", e.message), e.hint);
    }
}

/// A required cell of any other type (a count, a date, a choice): present.
fn present<T>(c: &mut Checker, file: &'static str, path: &str, label: &str, value: Option<T>, hint: &str) {
    if value.is_none() {
        c.error(file, path, format!("“{label}”没有填写"), format!("{}；{hint}", missing_hint(path, label)));
    }
}

/// "在 alliance 下加一行 chairman: …（理事长）".
fn missing_hint(path: &str, label: &str) -> String {
    let (parent, key) = path.rsplit_once('.').unwrap_or(("", path));
    let parent = parent.rsplit_once('.').map_or(parent, |(_, p)| p);
    if parent.is_empty() {
        format!("加一行 {key}: …（{label}）")
    } else {
        format!("在 {parent} 下加一行 {key}: …（{label}）")
    }
}

const COUNT: &str = "表内栏目不得空缺：没有就填 0";
const DATE: &str = "请写成 2023-03-15 或 2023-03";

fn report_file(c: &mut Checker) {
    let r = c.report;
    let (cover, a) = (&r.info.cover, &r.info.alliance);
    let f = REPORT_FILE;
    text(c, f, "cover.recommender", "组织推荐单位", cover.recommender.as_deref(), None);
    text(c, f, "cover.filled_by", "填报人", cover.filled_by.as_deref(), None);
    text(c, f, "cover.phone", "联系电话", cover.phone.as_deref(), Some(formats::phone));
    present(c, f, "cover.date", "填报日期", cover.date, DATE);

    let texts: [(&str, &str, Option<&String>, Option<Format>); 17] = [
        ("name", "联盟名称", a.name.as_ref(), None),
        ("field", "技术领域", a.field.as_ref(), None),
        ("lead_unit", "联盟牵头单位", a.lead_unit.as_ref(), None),
        ("standing_body", "联盟常设机构", a.standing_body.as_ref(), None),
        ("standing_body_address", "常设机构通讯地址", a.standing_body_address.as_ref(), None),
        ("standing_body_postcode", "邮编", a.standing_body_postcode.as_ref(), Some(formats::postcode)),
        ("contact", "联系人", a.contact.as_ref(), None),
        ("phone", "电话", a.phone.as_ref(), Some(formats::phone)),
        ("chairman", "理事长", a.chairman.as_ref(), None),
        ("chairman_unit", "理事长所在单位", a.chairman_unit.as_ref(), None),
        ("secretary_general", "秘书长", a.secretary_general.as_ref(), None),
        ("secretary_general_unit", "秘书长所在单位", a.secretary_general_unit.as_ref(), None),
        ("address", "通讯地址", a.address.as_ref(), None),
        ("postcode", "邮编", a.postcode.as_ref(), Some(formats::postcode)),
        ("office_contact", "联系人", a.office_contact.as_ref(), None),
        ("office_phone", "办公电话", a.office_phone.as_ref(), Some(formats::phone)),
        ("mobile", "手机", a.mobile.as_ref(), Some(formats::mobile)),
    ];
    for (key, label, value, format) in texts {
        text(c, f, &format!("alliance.{key}"), label, value.map(String::as_str), format);
    }
    text(c, f, "alliance.email", "E-mail", a.email.as_deref(), Some(formats::email));
    optional(c, f, "alliance.fax", "传真", a.fax.as_deref(), formats::phone);
    optional(c, f, "alliance.office_fax", "传真", a.office_fax.as_deref(), formats::phone);

    present(c, f, "alliance.recognized_on", "认定时间", a.recognized_on, DATE);
    present(c, f, "alliance.level", "级别", a.level, "填 国家级 或 省级");
    present(
        c,
        f,
        "alliance.members_at_recognition",
        "认定时联盟成员单位（个）",
        a.members_at_recognition,
        COUNT,
    );
    if a.funding_channels.is_empty() {
        c.error(
            f,
            "alliance.funding_channels",
            "“筹集渠道”没有填写".into(),
            "可多选：牵头单位提供、会费、成员单位均摊、其它，例如 [牵头单位提供, 会费]",
        );
    }
    let counts: [(&str, &str, Option<u32>); 7] = [
        ("secretariat_staff", "秘书处专职人员（人）", a.secretariat_staff),
        ("exchange_events", "举办的技术交流合作融资对接等活动（次）", a.exchange_events),
        ("market_events", "开展市场推广及参加专业展会（次）", a.market_events),
        ("research_reports", "编制产业研究报告（项）", a.research_reports),
        ("platform_uses", "平台共享使用（次）", a.platform_uses),
        ("ip_shared", "知识产权共享（项）", a.ip_shared),
        ("transfer_activities", "合作开展科技成果转化等活动（次）", a.transfer_activities),
    ];
    for (key, label, value) in counts {
        present(c, f, &format!("alliance.{key}"), label, value, COUNT);
    }
    present(c, f, "alliance.office_area", "办公场所面积（平米）", a.office_area, COUNT);
    present(c, f, "alliance.annual_budget", "年办公运行经费（万元）", a.annual_budget, COUNT);
    present(
        c,
        f,
        "alliance.hosted_events",
        "主办或承办行业会议、活动（次）",
        a.hosted_events,
        "写成 total（合计）、national（国家级）、provincial（省级）三项，没有就填 0",
    );
}

fn members(c: &mut Checker) {
    let f = MEMBERS_FILE;
    if c.report.members.is_empty() {
        c.error(
            f,
            "members",
            "没有列出任何成员单位".into(),
            "五、联盟成员单位在联盟中的作用：每个成员单位一项",
        );
    }
    for (i, m) in c.report.members.iter().enumerate() {
        let p = format!("members[{i}]");
        text(c, f, &format!("{p}.name"), "成员单位名称", m.name.as_deref(), None);
        text(c, f, &format!("{p}.code"), "法人代码", m.code.as_deref(), Some(formats::credit_code));
        present(c, f, &format!("{p}.type"), "单位类型", m.kind, "填 企业、大学、科研院所、学会协会 或 其它");
        text(c, f, &format!("{p}.role"), "在联盟中起到的作用", m.role.as_deref(), None);
    }
}

fn tables(c: &mut Checker) {
    let r = c.report;
    let f = TABLE_FILES[0];
    for (i, p) in r.projects.iter().enumerate() {
        let at = |k: &str| format!("projects[{i}].{k}");
        text(c, f, &at("name"), "项目名称", p.name.as_deref(), None);
        present(c, f, &at("started"), "立项时间", p.started, DATE);
        present(
            c,
            f,
            &at("source"),
            "项目来源",
            p.source,
            "填 国家级项目、省级项目、市级项目、县级项目 或 联盟自行组织",
        );
        text(c, f, &at("lead_unit"), "牵头单位", p.lead_unit.as_deref(), None);
        if p.partners.iter().all(|s| s.trim().is_empty()) {
            c.error(
                f,
                &at("partners"),
                "“主要合作单位”没有填写".into(),
                "合作开展的项目请列出合作单位，每行一个：- 单位名称",
            );
        }
        present(c, f, &at("total_investment"), "总投入（万元）", p.total_investment, COUNT);
        present(c, f, &at("public_funds"), "财政经费（万元）", p.public_funds, COUNT);
        present(c, f, &at("status"), "项目实施情况", p.status, "填 在研 或 完成");
    }
    let f = TABLE_FILES[1];
    for (i, t) in r.transfers.iter().enumerate() {
        let at = |k: &str| format!("transfers[{i}].{k}");
        text(c, f, &at("name"), "成果名称", t.name.as_deref(), None);
        present(c, f, &at("source"), "成果来源", t.source, "填 自主研发 或 技术转让");
        text(c, f, &at("applied_by"), "转化应用单位", t.applied_by.as_deref(), None);
        present(c, f, &at("method"), "转化方式", t.method, "填 自主转化 或 技术转让");
        present(c, f, &at("output_value"), "产值（万元）", t.output_value, COUNT);
        present(c, f, &at("profit"), "利润（万元）", t.profit, COUNT);
        present(c, f, &at("tax"), "税收（万元）", t.tax, COUNT);
        present(c, f, &at("export_usd"), "创汇（美元）", t.export_usd, COUNT);
        text(c, f, &at("benefits"), "社会效益或生态效益", t.benefits.as_deref(), None);
    }
    let f = TABLE_FILES[2];
    for (i, a) in r.achievements.iter().enumerate() {
        let at = |k: &str| format!("achievements[{i}].{k}");
        text(c, f, &at("name"), "成果名称", a.name.as_deref(), None);
        text(c, f, &at("kind"), "成果类型", a.kind.as_deref(), None);
        text(c, f, &at("number"), "成果编号", a.number.as_deref(), None);
        present(c, f, &at("completed"), "完成时间", a.completed, DATE);
        if a.people.iter().all(|s| s.trim().is_empty()) {
            c.error(f, &at("people"), "“主要完成人”没有填写".into(), "列出主要完成人，例如 [张三, 李四]");
        }
        if a.units.iter().all(|s| s.trim().is_empty()) {
            c.error(
                f,
                &at("units"),
                "“主要完成人单位”没有填写".into(),
                "列出主要完成人所在单位，例如 [甲公司, 乙大学]",
            );
        }
        text(c, f, &at("stage"), "备注（所处阶段）", a.stage.as_deref(), None);
        kind_and_stage(c, i, a.kind.as_deref(), a.stage.as_deref());
    }
    let f = TABLE_FILES[3];
    for (i, e) in r.events.iter().enumerate() {
        let at = |k: &str| format!("events[{i}].{k}");
        text(c, f, &at("name"), "活动名称", e.name.as_deref(), None);
        text(c, f, &at("organizer"), "主办单位", e.organizer.as_deref(), None);
        present(c, f, &at("date"), "举办时间", e.date, DATE);
        text(c, f, &at("place"), "举办地点", e.place.as_deref(), None);
        present(c, f, &at("member_units"), "联盟成员单位参加数量（家）", e.member_units, COUNT);
        present(c, f, &at("other_units"), "其他单位参加数量（家）", e.other_units, COUNT);
        present(c, f, &at("attendees"), "活动规模（人）", e.attendees, COUNT);
    }
    let f = TABLE_FILES[4];
    for (i, p) in r.platforms.iter().enumerate() {
        let at = |k: &str| format!("platforms[{i}].{k}");
        text(c, f, &at("name"), "名称", p.name.as_deref(), None);
        present(c, f, &at("started"), "启动建设时间（年月）", p.started, "请写成 2023-03");
        present(c, f, &at("level"), "级别", p.level, "填 国家级、省级 或 市级");
        text(c, f, &at("builder"), "建设单位", p.builder.as_deref(), None);
    }
}

/// The 12 kinds of 表3's 注, in its order.
pub const ACHIEVEMENT_KINDS: [&str; 12] = [
    "发明专利",
    "实用新型专利",
    "外观设计专利",
    "植物新品种",
    "新药证书",
    "软件著作权",
    "集成电路布图设计专有权",
    "国际标准",
    "国家标准",
    "地方标准",
    "行业标准",
    "联盟内部标准或规范",
];

/// 成果类型 from 表3's 注 (which ends with 等: another kind is a warning) and
/// the stage in 备注 that fits the kind, as the summary grid names them.
fn kind_and_stage(c: &mut Checker, i: usize, kind: Option<&str>, stage: Option<&str>) {
    let f = TABLE_FILES[2];
    let (Some(kind), Some(stage)) = (kind.map(str::trim), stage.map(str::trim)) else { return };
    if kind.is_empty() || stage.is_empty() {
        return;
    }
    if !ACHIEVEMENT_KINDS.contains(&kind) {
        let hint = match crate::load::yaml::closest(kind, &ACHIEVEMENT_KINDS) {
            Some(best) => format!("你是不是想写“{best}”？表3注列出的类型：{}", ACHIEVEMENT_KINDS.join("、")),
            None => format!("表3注列出的类型：{}；确属其他类型可以保留", ACHIEVEMENT_KINDS.join("、")),
        };
        c.warning(
            f,
            &format!("achievements[{i}].kind"),
            format!("成果类型“{kind}”不在表3注列出的类型中"),
            hint,
        );
    }
    let stages: &[&str] = match IP_KINDS.iter().find(|(k, _, _)| *k == kind) {
        Some((_, first, second)) => &[first, second],
        None if kind == "地方标准" => &["研制", "批准"],
        None => &["申请", "授权", "获批", "产生", "登记", "投入利用", "研制", "批准"],
    };
    if !stages.contains(&stage) {
        c.error(
            f,
            &format!("achievements[{i}].stage"),
            format!("“{kind}”的阶段写的是“{stage}”"),
            format!("备注要标明所处阶段，{kind}可填：{}", stages.join("、")),
        );
    }
}
