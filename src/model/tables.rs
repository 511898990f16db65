//! Rows of 五 (members) and 表1–表5.
//!
//! Fields the form requires are still `Option` here: the parser accepts a
//! row with a gap, and `check` reports the gap at its line.

use schemars::JsonSchema;
use serde::Deserialize;

use super::{Amount, Date};

/// 五、联盟成员单位: one member unit.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Member {
    /// 成员单位名称
    pub name: Option<String>,
    /// 法人代码: 统一社会信用代码 (18) or 组织机构代码 (9)
    #[schemars(description = "法人代码：18 位统一社会信用代码或 9 位组织机构代码（加引号）")]
    pub code: Option<String>,
    /// 单位类型
    #[serde(rename = "type")]
    pub kind: Option<MemberType>,
    /// 在联盟中起到的作用
    pub role: Option<String>,
}

/// The member types of the 其中 breakdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum MemberType {
    #[serde(rename = "企业")]
    Enterprise,
    #[serde(rename = "大学")]
    University,
    #[serde(rename = "科研院所")]
    Institute,
    #[serde(rename = "学会协会")]
    Association,
    #[serde(rename = "其它")]
    Other,
}

/// 表1 技术合作创新项目一览表: one project.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Project {
    /// 项目名称
    pub name: Option<String>,
    /// 项目编号
    pub number: Option<String>,
    /// 立项时间
    pub started: Option<Date>,
    /// 项目来源
    pub source: Option<ProjectSource>,
    /// 牵头单位
    pub lead_unit: Option<String>,
    /// 主要合作单位
    #[serde(default)]
    pub partners: Vec<String>,
    /// 合作单位数量（家）; the number of `partners` when absent.
    pub partner_count: Option<u32>,
    /// 总投入（万元）
    pub total_investment: Option<Amount>,
    /// 财政经费（万元）
    pub public_funds: Option<Amount>,
    /// 项目实施情况
    pub status: Option<ProjectStatus>,
}

/// 项目来源 (表1 注).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum ProjectSource {
    #[serde(rename = "国家级项目")]
    National,
    #[serde(rename = "省级项目")]
    Provincial,
    #[serde(rename = "市级项目")]
    Municipal,
    #[serde(rename = "县级项目")]
    County,
    #[serde(rename = "联盟自行组织")]
    Alliance,
}

impl ProjectSource {
    pub fn label(self) -> &'static str {
        match self {
            Self::National => "国家级项目",
            Self::Provincial => "省级项目",
            Self::Municipal => "市级项目",
            Self::County => "县级项目",
            Self::Alliance => "联盟自行组织",
        }
    }
}

/// 项目实施情况 (表1 注).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum ProjectStatus {
    #[serde(rename = "在研")]
    Ongoing,
    #[serde(rename = "完成")]
    Completed,
}

impl ProjectStatus {
    pub fn label(self) -> &'static str {
        match self {
            Self::Ongoing => "在研",
            Self::Completed => "完成",
        }
    }
}

/// 表2 科技成果转化应用情况一览表: one transferred result.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Transfer {
    /// 成果名称
    pub name: Option<String>,
    /// 成果来源
    pub source: Option<TransferSource>,
    /// 转化应用单位
    pub applied_by: Option<String>,
    /// 转化方式
    pub method: Option<TransferMethod>,
    /// 产值（万元）
    pub output_value: Option<Amount>,
    /// 利润（万元）
    pub profit: Option<Amount>,
    /// 税收（万元）
    pub tax: Option<Amount>,
    /// 创汇（美元）
    pub export_usd: Option<Amount>,
    /// 社会效益或生态效益
    pub benefits: Option<String>,
}

/// 成果来源 (表2 注).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum TransferSource {
    #[serde(rename = "自主研发")]
    OwnResearch,
    #[serde(rename = "技术转让")]
    Transfer,
}

impl TransferSource {
    pub fn label(self) -> &'static str {
        match self {
            Self::OwnResearch => "自主研发",
            Self::Transfer => "技术转让",
        }
    }
}

/// 转化方式 (表2 注).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum TransferMethod {
    #[serde(rename = "自主转化")]
    Own,
    #[serde(rename = "技术转让")]
    Transfer,
}

impl TransferMethod {
    pub fn label(self) -> &'static str {
        match self {
            Self::Own => "自主转化",
            Self::Transfer => "技术转让",
        }
    }
}

/// 表3 技术创新成果一览表: one result.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Achievement {
    /// 成果名称
    pub name: Option<String>,
    /// 成果类型 (表3 注: 发明专利、实用新型专利、…、联盟内部标准或规范等)
    pub kind: Option<String>,
    /// 成果编号
    pub number: Option<String>,
    /// 完成时间
    pub completed: Option<Date>,
    /// 主要完成人
    #[serde(default)]
    pub people: Vec<String>,
    /// 主要完成人单位
    #[serde(default)]
    pub units: Vec<String>,
    /// 备注: the stage (申请、授权、获批、产生、登记、投入利用、研制、批准)
    #[schemars(description = "备注：所处阶段（申请、授权、获批、产生、登记、投入利用、研制、批准）")]
    pub stage: Option<String>,
    /// 备注: anything else, printed after the stage
    #[schemars(description = "备注：其他说明，印在阶段之后（可省略）")]
    pub note: Option<String>,
}

/// 表4 举办促进产业发展相关活动: one event.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// 活动名称
    pub name: Option<String>,
    /// 主办单位
    pub organizer: Option<String>,
    /// 举办时间
    pub date: Option<Date>,
    /// 举办地点
    pub place: Option<String>,
    /// 联盟成员单位参加数量（家）
    pub member_units: Option<u32>,
    /// 其他单位参加数量（家）
    pub other_units: Option<u32>,
    /// 活动规模（人）
    pub attendees: Option<u32>,
}

/// 表5 科技创新平台建设一览表: one platform.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Platform {
    /// 名称
    pub name: Option<String>,
    /// 启动建设时间（年月）
    pub started: Option<Date>,
    /// 建成时间（年月）
    pub completed: Option<Date>,
    /// 级别
    pub level: Option<PlatformLevel>,
    /// 建设单位
    pub builder: Option<String>,
}

/// 平台级别 (表5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum PlatformLevel {
    #[serde(rename = "国家级")]
    National,
    #[serde(rename = "省级")]
    Provincial,
    #[serde(rename = "市级")]
    Municipal,
}
