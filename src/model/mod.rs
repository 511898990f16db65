//! The typed model of one report: what the YAML files and Markdown sections
//! say, after parsing and before any rendering.
//!
//! Keys are English (typed without switching input method); closed
//! vocabularies of the form keep the form's own Chinese words as values.
//! Optional text is `Option<String>`: absent or blank prints "无", as the form
//! demands of an empty cell.

mod tables;
pub mod values;

pub use tables::*;
pub use values::{Amount, Date};

use schemars::JsonSchema;
use serde::Deserialize;

/// Everything in one report folder.
#[derive(Debug, Clone)]
pub struct Report {
    pub info: ReportFile,
    pub members: Vec<Member>,
    pub projects: Vec<Project>,
    pub transfers: Vec<Transfer>,
    pub achievements: Vec<Achievement>,
    pub events: Vec<Event>,
    pub platforms: Vec<Platform>,
    /// 二、三、四, in the form's order.
    pub sections: Vec<Section>,
    pub evidence: Evidence,
}

/// `report.yaml`: settings, the cover, 一、联盟简况 and the opinions of 七、八.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportFile {
    /// The last year the data covers (填写说明 二.4: 截止到2024年底).
    #[serde(default = "default_end_year")]
    #[schemars(description = "数据截止年度：表内数据截止到该年年底（填写说明二.4），默认 2024")]
    pub end_year: i32,
    /// Whether the rows of 五 and 表1–表5 name the evidence that supports
    /// them (见附件 4-1).
    #[serde(default)]
    #[schemars(
        description = "表格中被印证的行是否注明“见附件 N-M”（依据 evidence/evidence.yaml 的 supports）"
    )]
    pub evidence_refs: bool,
    #[serde(default)]
    #[schemars(description = "封面")]
    pub cover: Cover,
    #[serde(default)]
    #[schemars(description = "一、联盟简况")]
    pub alliance: Alliance,
    #[serde(default)]
    #[schemars(description = "七、联盟牵头单位审核意见；八、组织推荐部门审核意见")]
    pub opinions: Opinions,
}

fn default_end_year() -> i32 {
    2024
}

/// 封面. 联盟名称 and 联盟牵头单位 come from [`Alliance`].
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cover {
    /// 组织推荐单位
    pub recommender: Option<String>,
    /// 填报人
    pub filled_by: Option<String>,
    /// 联系电话
    pub phone: Option<String>,
    /// 填报日期
    pub date: Option<Date>,
}

/// 一、联盟简况: the fields in the order of the form.
///
/// Every field is optional to the parser, so that one missing field does not
/// hide the others' problems; `check` says which ones the form requires.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Alliance {
    /// 联盟名称
    pub name: Option<String>,
    /// 技术领域
    pub field: Option<String>,
    /// 联盟牵头单位
    pub lead_unit: Option<String>,
    /// 联盟常设机构
    pub standing_body: Option<String>,
    /// 常设机构通讯地址
    pub standing_body_address: Option<String>,
    /// 邮编 (of the standing body)
    pub standing_body_postcode: Option<String>,
    /// 联系人
    pub contact: Option<String>,
    /// 电话
    pub phone: Option<String>,
    /// 传真
    pub fax: Option<String>,
    /// 理事长
    pub chairman: Option<String>,
    /// 理事长所在单位
    pub chairman_unit: Option<String>,
    /// 秘书长
    pub secretary_general: Option<String>,
    /// 秘书长所在单位
    pub secretary_general_unit: Option<String>,
    /// 通讯地址
    pub address: Option<String>,
    /// 邮编
    pub postcode: Option<String>,
    /// 联系人 (second contact line)
    pub office_contact: Option<String>,
    /// 办公电话
    pub office_phone: Option<String>,
    /// 手机
    pub mobile: Option<String>,
    /// 传真 (second contact line)
    pub office_fax: Option<String>,
    /// E-mail
    pub email: Option<String>,
    /// 认定时间
    pub recognized_on: Option<Date>,
    /// 级别
    pub level: Option<AllianceLevel>,
    /// 认定时联盟成员单位（个）
    pub members_at_recognition: Option<MemberCounts>,
    /// 目前联盟成员单位（个）; counted from members.yaml when absent.
    #[schemars(description = "目前联盟成员单位（个）：不填时由 members.yaml 按单位类型统计")]
    pub members_now: Option<MemberCounts>,
    /// 秘书处专职人员（人）
    pub secretariat_staff: Option<u32>,
    /// 办公场所面积（平米）
    pub office_area: Option<Amount>,
    /// 年办公运行经费（万元）
    pub annual_budget: Option<Amount>,
    /// 筹集渠道
    #[serde(default)]
    pub funding_channels: Vec<FundingChannel>,
    /// 举办的技术交流合作融资对接等活动（次）
    pub exchange_events: Option<u32>,
    /// 开展市场推广及参加专业展会（次）
    pub market_events: Option<u32>,
    /// 主办或承办行业会议、活动（次）
    pub hosted_events: Option<HostedEvents>,
    /// 编制产业研究报告（项）
    pub research_reports: Option<u32>,
    /// 共建技术创新平台 by level; counted from 表5 when absent.
    #[schemars(description = "共建技术创新平台（个）及国家级、省级、市级平台（个）：不填时由表5 统计")]
    pub platforms: Option<PlatformCounts>,
    /// 平台共享使用（次）
    pub platform_uses: Option<u32>,
    /// 合作开展技术创新项目 and funds; summed from 表1 when absent.
    #[schemars(
        description = "合作开展技术创新项目（项）、项目总经费及国家、省、市级项目与财政经费：不填时由表1 统计"
    )]
    pub projects: Option<ProjectSummary>,
    /// The intellectual-property and standards grid; counted from 表3 when absent.
    #[schemars(description = "知识产权与标准（发明专利……联盟内部标准或规范）：不填时由表3 统计")]
    pub ip: Option<IpGrid>,
    /// 知识产权共享（项）
    pub ip_shared: Option<u32>,
    /// 合作开展科技成果转化等活动（次）
    pub transfer_activities: Option<u32>,
}

/// 级别 of the alliance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum AllianceLevel {
    #[serde(rename = "国家级")]
    National,
    #[serde(rename = "省级")]
    Provincial,
}

/// 筹集渠道 of the office budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum FundingChannel {
    #[serde(rename = "牵头单位提供")]
    LeadUnit,
    #[serde(rename = "会费")]
    Fees,
    #[serde(rename = "成员单位均摊")]
    Shared,
    #[serde(rename = "其它")]
    Other,
}

/// Member units by type: the "其中: 企业 _个；大学 _个；…" breakdown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MemberCounts {
    /// 合计; the sum of the breakdown when absent.
    pub total: Option<u32>,
    /// 企业
    #[serde(default)]
    pub enterprise: u32,
    /// 大学
    #[serde(default)]
    pub university: u32,
    /// 科研院所
    #[serde(default)]
    pub institute: u32,
    /// 学会协会
    #[serde(default)]
    pub association: u32,
    /// 其它
    #[serde(default)]
    pub other: u32,
}

impl MemberCounts {
    pub fn sum(&self) -> u32 {
        self.enterprise + self.university + self.institute + self.association + self.other
    }
}

/// 主办或承办行业会议、活动（次） with its 国家级/省级 breakdown.
#[derive(Debug, Clone, Copy, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HostedEvents {
    /// 合计
    pub total: u32,
    /// 其中：国家级会议、活动（次）
    #[serde(default)]
    pub national: u32,
    /// 省级会议、活动
    #[serde(default)]
    pub provincial: u32,
}

/// 共建技术创新平台（个） by level.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlatformCounts {
    /// 共建技术创新平台（个）
    pub total: u32,
    /// 国家级平台（个）
    #[serde(default)]
    pub national: u32,
    /// 省级平台（个）
    #[serde(default)]
    pub provincial: u32,
    /// 市级平台（个）
    #[serde(default)]
    pub municipal: u32,
}

/// 合作开展技术创新项目（项）, 项目总经费 and the 其中 lines.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProjectSummary {
    /// 合作开展技术创新项目（项）
    pub count: u32,
    /// 项目总经费（万元）
    pub funds: Amount,
    /// 国家项目
    #[serde(default)]
    pub national: LevelProjects,
    /// 省级项目
    #[serde(default)]
    pub provincial: LevelProjects,
    /// 市级项目
    #[serde(default)]
    pub municipal: LevelProjects,
}

/// Projects of one level and their public (财政) funds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LevelProjects {
    /// 项目数（项）
    pub count: u32,
    /// 财政经费（万元）
    #[serde(default)]
    pub public_funds: Amount,
}

/// Two numbers of one cell of the IP grid (申请/授权, 研制/批准, …).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
pub struct Pair(pub u32, pub u32);

/// The intellectual-property and standards grid of 一、联盟简况.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct IpGrid {
    /// 发明专利: 申请, 授权
    pub invention_patent: Pair,
    /// 实用新型专利: 申请, 授权
    pub utility_model: Pair,
    /// 外观设计专利: 申请, 授权
    pub design_patent: Pair,
    /// 植物新品种: 申请, 授权
    pub plant_variety: Pair,
    /// 新药证书: 申请, 获批
    pub new_drug: Pair,
    /// 软件著作权: 产生, 登记
    pub software_copyright: Pair,
    /// 集成电路布图设计专有权: 投入利用, 登记
    pub ic_layout: Pair,
    /// 国际标准: 研制, 批准
    pub international_standard: Pair,
    /// 国家标准: 研制, 批准
    pub national_standard: Pair,
    /// 行业标准: 研制, 批准
    pub industry_standard: Pair,
    /// 联盟内部标准或规范: 研制, 批准
    pub alliance_standard: Pair,
}

/// 七、八: the written opinions, when the report carries them in print.
/// Left out, the box keeps blank room for a handwritten opinion.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Opinions {
    /// 牵头单位意见
    pub lead_unit: Option<String>,
    /// 组织推荐部门审核意见
    pub recommender: Option<String>,
}

/// One narrative section (二、三 or 四) split into the answers to its prompts.
#[derive(Debug, Clone)]
pub struct Section {
    pub part: SectionPart,
    /// The Markdown answer to each prompt, in prompt order; `None` where the
    /// file has no answer to that prompt.
    pub answers: Vec<Option<Answer>>,
}

/// The author's Markdown under one prompt.
#[derive(Debug, Clone)]
pub struct Answer {
    pub markdown: String,
    /// 1-based line in the section file where the answer's heading stands.
    pub line: usize,
    /// 1-based line in the section file where `markdown` begins: line `n`
    /// of `markdown` is line `body_line + n - 1` of the file.
    pub body_line: usize,
}

/// The three narrative parts of the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SectionPart {
    /// 二、联盟建设、管理及运行情况
    Operation,
    /// 三、联盟开展的技术创新内容
    Innovation,
    /// 四、联盟产生的科技成果及科技成果转移转化情况
    Results,
}

impl SectionPart {
    pub const ALL: [SectionPart; 3] = [Self::Operation, Self::Innovation, Self::Results];

    /// The file under `sections/` that holds this part.
    pub fn file_name(self) -> &'static str {
        match self {
            Self::Operation => "operation.md",
            Self::Innovation => "innovation.md",
            Self::Results => "results.md",
        }
    }
}

/// `evidence/evidence.yaml`: 九、相关印证材料.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// The attached materials, in the order they are printed within a kind.
    #[serde(default)]
    #[schemars(description = "证明材料，每份一项")]
    pub items: Vec<EvidenceItem>,
    /// Kinds of the nine that the alliance has nothing for, with the reason.
    #[serde(default)]
    #[schemars(description = "确实没有的材料类别及原因")]
    pub absent: Vec<AbsentKind>,
}

/// One item of 九、相关印证材料.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EvidenceItem {
    /// 证明材料类别: 1–9, as 填写说明 二.5 numbers them.
    #[schemars(description = "证明材料类别：填写说明二.5 的序号 1—9", range(min = 1, max = 9))]
    pub kind: Option<u8>,
    /// 材料名称
    pub title: Option<String>,
    /// Files inside the report folder (PDF, JPEG, PNG), relative to it.
    #[serde(default)]
    #[schemars(description = "材料文件：PDF、JPEG 或 PNG，相对于报告文件夹的路径")]
    pub files: Vec<String>,
    /// What the material proves: rows of 五 and 表1–表5, parts 一 to 四
    /// (see [`crate::evidence::Target`]).
    #[serde(default)]
    #[schemars(description = "印证的内容（可选）：例如“表4 第2行”“表1 项目名称”“五 成员单位名称”“三（2）”")]
    pub supports: Vec<String>,
}

/// A kind of evidence the report has none of, said explicitly (填写说明:
/// nothing is left blank).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AbsentKind {
    /// 证明材料类别: 1–9.
    #[schemars(description = "证明材料类别：1—9", range(min = 1, max = 9))]
    pub kind: Option<u8>,
    /// Why there is none.
    #[schemars(description = "没有这类材料的原因")]
    pub reason: Option<String>,
}
