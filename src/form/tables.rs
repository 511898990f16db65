//! 五 (members.yaml) and 表1–表5 (tables/*.yaml): the fields of each row,
//! and the columns the form prints them in.

use super::Kind::*;
use super::Need::*;
use super::{COUNT, Choice, DATE, Field, FileSpec, Shape, TEXT, choice, f};

/// A table of the form: 五 or 表1–表5.
#[derive(Debug)]
pub struct Table {
    /// How the form and the report's users name it: 五, 表1 … 表5.
    pub name: &'static str,
    /// Its title as the form prints it.
    pub title: &'static str,
    /// The YAML file that holds its rows, and the key of the list in it.
    pub file: &'static str,
    pub key: &'static str,
    /// The fields of a row.
    pub fields: &'static [Field],
    /// The columns after 序号, in the form's order.
    pub columns: &'static [Column],
    /// The field that names a row (evidence `supports`, `diff`).
    pub name_field: &'static str,
    /// The fields that name member units, in every role a unit plays in
    /// a row (牵头单位 and 合作单位, 主办单位, 建设单位 …): `xlsx export
    /// --member` gives a unit the rows any of them names it in. A text
    /// field may name several units joined with 、.
    pub member_fields: &'static [&'static str],
    /// The 注 the form prints under the table, when it has one.
    pub note: Option<&'static str>,
    /// A row across the table under its rows (五's （可另附页）).
    pub foot: Option<&'static str>,
    /// The fields that tell one row from another (a name; for 表4's
    /// yearly meetings, the name and the date): `xlsx import` updates the
    /// row they match.
    pub row_key: &'static [&'static str],
}

/// The label of the first column of every table, which numbers its rows.
pub const NUMBER: &str = "序号";

/// A column of a table as the form prints it.
#[derive(Debug)]
pub struct Column {
    /// The header; `None`: the label of the column's first field.
    pub header: Option<&'static str>,
    /// A header over several columns (直接经济效益, 级别), when the form has one.
    pub group: Option<&'static str>,
    /// The fields the column shows.
    pub fields: &'static [&'static str],
    pub show: Show,
    /// Where the column's text sits: text that wraps, on the left.
    pub align: Align,
}

/// Where a column's text sits across the cell; every cell is centred
/// vertically.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Align {
    Center,
    Left,
}

impl Column {
    /// The column, its text on the left.
    const fn left(self) -> Column {
        Column { align: Align::Left, ..self }
    }
}

/// How a column shows its fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Show {
    /// The one field's value (a list joined with 、), or 无.
    Value,
    /// 项目名称 with 项目编号 under it in brackets (编号：无 without one).
    NameAndNumber,
    /// 成员单位名称 with its 法人代码 under it.
    NameAndCode,
    /// The stage, then the note: "授权；联盟成员共有".
    StageAndNote,
    /// √ when the field holds this word (the 级别 columns of 表5).
    Tick(&'static str),
    /// The number, or when it is left out, how many the list field beside it
    /// (the column's second field) holds: 合作单位数量.
    CountOf,
}

const fn col(key: &'static [&'static str]) -> Column {
    Column { header: None, group: None, fields: key, show: Show::Value, align: Align::Center }
}

const AMOUNT: &str = "以万元为单位，只写数字，最多两位小数；没有就填 0";

/// 单位类型, the 其中 lines of 一's member counts.
pub const MEMBER_TYPES: [&str; 5] = ["企业", "大学", "科研院所", "学会协会", "其它"];

/// A kind of 成果 of 表3's 注 and the two stages its 备注 names: the first
/// counts every row of the kind in 一's grid, the second the rows at it.
#[derive(Debug)]
pub struct AchievementKind {
    pub name: &'static str,
    pub first: &'static str,
    pub second: &'static str,
}

const fn kind(name: &'static str, first: &'static str, second: &'static str) -> AchievementKind {
    AchievementKind { name, first, second }
}

/// The 12 kinds of 表3's 注, in its order.
pub const ACHIEVEMENT_KINDS: [AchievementKind; 12] = [
    kind("发明专利", "申请", "授权"),
    kind("实用新型专利", "申请", "授权"),
    kind("外观设计专利", "申请", "授权"),
    kind("植物新品种", "申请", "授权"),
    kind("新药证书", "申请", "获批"),
    kind("软件著作权", "产生", "登记"),
    kind("集成电路布图设计专有权", "投入利用", "登记"),
    kind("国际标准", "研制", "批准"),
    kind("国家标准", "研制", "批准"),
    kind("地方标准", "研制", "批准"),
    kind("行业标准", "研制", "批准"),
    kind("联盟内部标准或规范", "研制", "批准"),
];

const KIND_NAMES: [&str; 12] = [
    ACHIEVEMENT_KINDS[0].name,
    ACHIEVEMENT_KINDS[1].name,
    ACHIEVEMENT_KINDS[2].name,
    ACHIEVEMENT_KINDS[3].name,
    ACHIEVEMENT_KINDS[4].name,
    ACHIEVEMENT_KINDS[5].name,
    ACHIEVEMENT_KINDS[6].name,
    ACHIEVEMENT_KINDS[7].name,
    ACHIEVEMENT_KINDS[8].name,
    ACHIEVEMENT_KINDS[9].name,
    ACHIEVEMENT_KINDS[10].name,
    ACHIEVEMENT_KINDS[11].name,
];

/// Every stage a 备注 may name, for a kind the 注 does not list.
pub const STAGES: [&str; 8] = ["申请", "授权", "获批", "产生", "登记", "投入利用", "研制", "批准"];

const fn file(
    path: &'static str,
    title: &'static str,
    schema: &'static str,
    fields: &'static [Field],
) -> FileSpec {
    FileSpec { path, title, fields, schema }
}

/// 五's heading as the form prints it, over its table.
pub const MEMBERS_HEADING: &str = "五、联盟成员单位在联盟中的作用（简要说明）";

pub const MEMBERS_FILE: FileSpec = file(
    "members.yaml",
    "五、联盟成员单位在联盟中的作用",
    "members.schema.json",
    &[f("members", "成员单位", Rows(&MEMBERS), Required, "每个成员单位一项")],
);
pub const PROJECTS_FILE: FileSpec = file(
    "tables/projects.yaml",
    "表1 技术合作创新项目一览表",
    "projects.schema.json",
    &[f("projects", "项目", Rows(&PROJECTS), Required, "每个项目一项；没有时写 projects: []")],
);
pub const TRANSFERS_FILE: FileSpec = file(
    "tables/transfers.yaml",
    "表2 科技成果转化应用情况一览表",
    "transfers.schema.json",
    &[f("transfers", "成果", Rows(&TRANSFERS), Required, "每项成果一项；没有时写 transfers: []")],
);
pub const ACHIEVEMENTS_FILE: FileSpec = file(
    "tables/achievements.yaml",
    "表3 技术创新成果一览表",
    "achievements.schema.json",
    &[f("achievements", "成果", Rows(&ACHIEVEMENTS), Required, "每项成果一项；没有时写 achievements: []")],
);
pub const EVENTS_FILE: FileSpec = file(
    "tables/events.yaml",
    "表4 举办促进产业发展相关活动",
    "events.schema.json",
    &[f("events", "活动", Rows(&EVENTS), Required, "每次活动一项；没有时写 events: []")],
);
pub const PLATFORMS_FILE: FileSpec = file(
    "tables/platforms.yaml",
    "表5 科技创新平台建设一览表",
    "platforms.schema.json",
    &[f("platforms", "平台", Rows(&PLATFORMS), Required, "每个平台一项；没有时写 platforms: []")],
);

/// Every table, in the form's order.
pub const TABLES: [&Table; 6] = [&MEMBERS, &PROJECTS, &TRANSFERS, &ACHIEVEMENTS, &EVENTS, &PLATFORMS];

pub const MEMBERS: Table = Table {
    name: "五",
    title: "联盟成员单位在联盟中的作用",
    file: "members.yaml",
    key: "members",
    fields: &[
        f("name", "成员单位名称", Text, Required, TEXT),
        f(
            "code",
            "法人代码",
            Format(Shape::CreditCode),
            Required,
            "18 位统一社会信用代码（或 9 位组织机构代码），加引号，如 \"91140100MA0KXXXX3G\"",
        )
        .workbook_hint("18 位统一社会信用代码（或 9 位组织机构代码），照原样输入，例如 91140100MA0KXXXX3G"),
        f("type", "单位类型", choice(&MEMBER_TYPES), Required, "一、联盟简况按此统计各类成员单位"),
        f("role", "在联盟中起到的作用", Text, Required, "简要说明"),
    ],
    columns: &[
        Column {
            header: Some("成员单位名称及法人代码"),
            group: None,
            fields: &["name", "code"],
            show: Show::NameAndCode,
            align: Align::Center,
        },
        col(&["role"]).left(),
    ],
    name_field: "name",
    member_fields: &["name"],
    row_key: &["name"],
    note: None,
    foot: Some("（可另附页）"),
};

pub const PROJECTS: Table = Table {
    name: "表1",
    title: "技术合作创新项目一览表",
    file: "tables/projects.yaml",
    key: "projects",
    fields: &[
        f("name", "项目名称", Text, Required, TEXT),
        f("number", "项目编号", Text, Optional, "没有编号可以不写，打印“编号：无”"),
        f("started", "立项时间", Date, Required, DATE),
        f(
            "source",
            "项目来源",
            choice(&["国家级项目", "省级项目", "市级项目", "县级项目", "联盟自行组织"]),
            Required,
            "表1注：项目来源分为国家、省、市、县级项目和联盟自行组织",
        ),
        f("lead_unit", "牵头单位", Text, Required, TEXT),
        f("partners", "主要合作单位", TextList, Required, "每行一个：- 单位名称")
            .workbook_hint("几个单位之间用顿号“、”隔开，例如 甲公司、乙大学"),
        f("partner_count", "合作单位数量（家）", Count, Derived, "可以不写，不写时按列出的合作单位计数"),
        f("total_investment", "总投入（万元）", Amount, Required, AMOUNT),
        f("public_funds", "财政经费（万元）", Amount, Required, "财政经费是总投入的一部分；没有就填 0"),
        f("status", "项目实施情况", choice(&["在研", "完成"]), Required, "表1注：项目实施情况分为在研、完成"),
    ],
    columns: &[
        Column {
            header: Some("项目名称及编号"),
            group: None,
            fields: &["name", "number"],
            show: Show::NameAndNumber,
            align: Align::Left,
        },
        col(&["started"]),
        col(&["source"]),
        col(&["lead_unit"]).left(),
        col(&["partners"]).left(),
        Column {
            header: None,
            group: None,
            fields: &["partner_count", "partners"],
            show: Show::CountOf,
            align: Align::Center,
        },
        col(&["total_investment"]),
        col(&["public_funds"]),
        col(&["status"]),
    ],
    name_field: "name",
    member_fields: &["lead_unit", "partners"],
    row_key: &["name"],
    note: Some(
        "注：项目来源分为国家、省、市、县级项目和联盟自行组织成员开展技术创新项目；项目实施情况分为在研、完成。",
    ),
    foot: None,
};

const ECONOMIC: Option<&str> = Some("直接经济效益");

pub const TRANSFERS: Table = Table {
    name: "表2",
    title: "科技成果转化应用情况一览表",
    file: "tables/transfers.yaml",
    key: "transfers",
    fields: &[
        f("name", "成果名称", Text, Required, TEXT),
        f(
            "source",
            "成果来源",
            choice(&["自主研发", "技术转让"]),
            Required,
            "表2注：成果来源分为自主研发、技术转让",
        ),
        f("applied_by", "转化应用单位", Text, Required, TEXT)
            .workbook_hint("必填；几个单位之间用顿号“、”隔开"),
        f(
            "method",
            "转化方式",
            choice(&["自主转化", "技术转让"]),
            Required,
            "表2注：转化方式分为自主转化、技术转让",
        ),
        f("output_value", "产值（万元）", Amount, Required, AMOUNT),
        f("profit", "利润（万元）", Amount, Required, AMOUNT),
        f("tax", "税收（万元）", Amount, Required, AMOUNT),
        f("export_usd", "创汇（美元）", Amount, Required, "以美元为单位，只写数字；没有就填 0"),
        f("benefits", "社会效益或生态效益", Text, Required, "简要描述"),
    ],
    columns: &[
        col(&["name"]).left(),
        col(&["source"]),
        col(&["applied_by"]).left(),
        col(&["method"]),
        Column {
            header: None,
            group: ECONOMIC,
            fields: &["output_value"],
            show: Show::Value,
            align: Align::Center,
        },
        Column {
            header: None,
            group: ECONOMIC,
            fields: &["profit"],
            show: Show::Value,
            align: Align::Center,
        },
        Column { header: None, group: ECONOMIC, fields: &["tax"], show: Show::Value, align: Align::Center },
        Column {
            header: None,
            group: ECONOMIC,
            fields: &["export_usd"],
            show: Show::Value,
            align: Align::Center,
        },
        col(&["benefits"]).left(),
    ],
    name_field: "name",
    member_fields: &["applied_by"],
    row_key: &["name"],
    note: Some(
        "注：成果来源分为自主研发、技术转让，转化方式分为自主转化、技术转让，简要描述社会效益或生态效益。",
    ),
    foot: None,
};

pub const ACHIEVEMENTS: Table = Table {
    name: "表3",
    title: "技术创新成果一览表",
    file: "tables/achievements.yaml",
    key: "achievements",
    fields: &[
        f("name", "成果名称", Text, Required, TEXT),
        f(
            "kind",
            "成果类型",
            Choice(Choice { words: &KIND_NAMES, open: true }),
            Required,
            "表3注列出的类型之一",
        ),
        f("number", "成果编号", Text, Required, "专利号、登记号、标准号等"),
        f("completed", "完成时间", Date, Required, DATE),
        f("people", "主要完成人", TextList, Required, "列出主要完成人，例如 [张三, 李四]")
            .workbook_hint("几个人之间用顿号“、”隔开，例如 张三、李四"),
        f("units", "主要完成人单位", TextList, Required, "列出主要完成人所在单位")
            .workbook_hint("主要完成人所在的单位，几个单位之间用顿号“、”隔开"),
        f(
            "stage",
            "备注（所处阶段）",
            choice(&STAGES),
            Required,
            "表3注：备注要标明知识产权成果申请、授权或批准阶段",
        ),
        f("note", "备注（其他说明）", Text, Optional, "可以不写；写了印在阶段之后"),
    ],
    columns: &[
        col(&["name"]).left(),
        col(&["kind"]),
        col(&["number"]),
        col(&["completed"]),
        col(&["people"]),
        col(&["units"]).left(),
        Column {
            header: Some("备注"),
            group: None,
            fields: &["stage", "note"],
            show: Show::StageAndNote,
            align: Align::Center,
        },
    ],
    name_field: "name",
    member_fields: &["units"],
    row_key: &["name"],
    note: Some(
        "注：成果类型分为发明专利、实用新型专利、外观设计专利、植物新品种、新药证书、软件著作权、集成电路布图设计专有权、国际标准、国家标准、地方标准、行业标准、联盟内部标准或规范等；备注要标明知识产权成果申请、授权或批准阶段。",
    ),
    foot: None,
};

pub const EVENTS: Table = Table {
    name: "表4",
    title: "举办促进产业发展相关活动（学术研讨、技术交流、产品发布、洽谈合作、市场营销等）",
    file: "tables/events.yaml",
    key: "events",
    fields: &[
        f("name", "活动名称", Text, Required, TEXT),
        f("organizer", "主办单位", Text, Required, TEXT).workbook_hint("必填；几个单位之间用顿号“、”隔开"),
        f("date", "举办时间", Date, Required, DATE),
        f("place", "举办地点", Text, Required, TEXT),
        f("member_units", "联盟成员单位参加数量（家）", Count, Required, COUNT),
        f("other_units", "其他单位参加数量（家）", Count, Required, COUNT),
        f("attendees", "活动规模（人）", Count, Required, COUNT),
    ],
    columns: &[
        col(&["name"]).left(),
        col(&["organizer"]).left(),
        col(&["date"]),
        col(&["place"]),
        col(&["member_units"]),
        col(&["other_units"]),
        col(&["attendees"]),
    ],
    name_field: "name",
    member_fields: &["organizer"],
    row_key: &["name", "date"],
    note: None,
    foot: None,
};

const LEVEL: Option<&str> = Some("级别");

pub const PLATFORMS: Table = Table {
    name: "表5",
    title: "科技创新平台建设一览表",
    file: "tables/platforms.yaml",
    key: "platforms",
    fields: &[
        f("name", "名称", Text, Required, TEXT),
        f("started", "启动建设时间（年月）", Date, Required, "写成 2023-03（年-月）"),
        f("completed", "建成时间（年月）", Date, Optional, "尚未建成可以不写，打印“无”"),
        f("level", "级别", choice(&PLATFORM_LEVELS), Required, "平台的级别"),
        f("builder", "建设单位", Text, Required, TEXT).workbook_hint("必填；几个单位之间用顿号“、”隔开"),
    ],
    columns: &[
        col(&["name"]).left(),
        col(&["started"]),
        col(&["completed"]),
        Column {
            header: Some(PLATFORM_LEVELS[0]),
            group: LEVEL,
            fields: &["level"],
            show: Show::Tick(PLATFORM_LEVELS[0]),
            align: Align::Center,
        },
        Column {
            header: Some(PLATFORM_LEVELS[1]),
            group: LEVEL,
            fields: &["level"],
            show: Show::Tick(PLATFORM_LEVELS[1]),
            align: Align::Center,
        },
        Column {
            header: Some(PLATFORM_LEVELS[2]),
            group: LEVEL,
            fields: &["level"],
            show: Show::Tick(PLATFORM_LEVELS[2]),
            align: Align::Center,
        },
        col(&["builder"]).left(),
    ],
    name_field: "name",
    member_fields: &["builder"],
    row_key: &["name"],
    note: Some("注：创新平台包括重点实验室、工程技术研究中心、基础条件平台、企业技术中心、重点创新平台等。"),
    foot: None,
};

/// 平台级别 (表5).
pub const PLATFORM_LEVELS: [&str; 3] = ["国家级", "省级", "市级"];

impl Table {
    /// The header cells of the table, row by row: each (label, colspan,
    /// rowspan), 序号 first. Two rows where a group header spans columns.
    pub fn header(&self) -> Vec<Vec<Header>> {
        let two = self.columns.iter().any(|c| c.group.is_some());
        let span = if two { 2 } else { 1 };
        let mut top = vec![Header { label: NUMBER, colspan: 1, rowspan: span }];
        let mut below = Vec::new();
        let mut i = 0;
        while i < self.columns.len() {
            let column = &self.columns[i];
            match column.group {
                Some(group) => {
                    let n = self.columns[i..].iter().take_while(|c| c.group == Some(group)).count();
                    top.push(Header { label: group, colspan: n as u32, rowspan: 1 });
                    for c in &self.columns[i..i + n] {
                        below.push(Header { label: self.header_of(c), colspan: 1, rowspan: 1 });
                    }
                    i += n;
                }
                None => {
                    top.push(Header { label: self.header_of(column), colspan: 1, rowspan: span });
                    i += 1;
                }
            }
        }
        if two { vec![top, below] } else { vec![top] }
    }

    /// The header of one column.
    pub fn header_of(&self, column: &Column) -> &'static str {
        column.header.unwrap_or_else(|| super::field(self.fields, column.fields[0]).label)
    }

    /// The field `key` of a row.
    pub fn field(&self, key: &str) -> &'static Field {
        super::field(self.fields, key)
    }
}

/// A header cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    pub label: &'static str,
    pub colspan: u32,
    pub rowspan: u32,
}
