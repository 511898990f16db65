//! How the form lays out 一、联盟简况: two blocks of one bordered table,
//! each with the vertical 联盟基本情况 column, then [`SUMMARY_COLUMNS`]
//! columns. A row of two label/value pairs spans 3+3+3+3, a row of three
//! 2+2+2+2+2+2. The labels are the fields' own (`report.rs`); a slot says
//! only where the form breaks or prefixes one.

/// The vertical label beside every row of 一.
pub const SUMMARY_SIDE: &str = "联盟基本情况";

/// The columns of 一 after the vertical label.
pub const SUMMARY_COLUMNS: u32 = 12;

/// What a breakdown's first line starts with.
pub const OF_WHICH: &str = "其中: ";

/// A label and what stands beside it, in one row of 一.
#[derive(Debug, Clone, Copy)]
pub enum Slot {
    /// A field of `alliance` (`path` leads into its groups): its label over
    /// `label` columns, its value over `value`.
    Field { path: &'static [&'static str], label: u32, value: u32, printed: Printed },
    /// A choice field as tick boxes, one per word, `per_line` to a line.
    Ticks { key: &'static str, label: u32, value: u32, per_line: usize },
    /// A group of counts: its label, its total, and [`OF_WHICH`] its other
    /// fields with their units, `per_line` to a line, joined with ；and
    /// ending with `end`.
    Breakdown {
        key: &'static str,
        printed: Printed,
        label: u32,
        total: u32,
        parts: u32,
        per_line: usize,
        end: &'static str,
    },
    /// Fields of two numbers of the group `group`: a row of their labels with `unit`,
    /// then a row of their numbers, each `span` columns wide.
    Pairs { group: &'static str, keys: &'static [&'static str], span: u32, unit: &'static str },
}

/// How a field's label is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Printed {
    /// As the catalogue has it.
    Label,
    /// On two lines, the first ending with this text.
    BrokenAfter(&'static str),
    /// After this text (其中：国家项目（项）).
    Prefixed(&'static str),
}

const fn pair(path: &'static [&'static str], label: u32, value: u32) -> Slot {
    Slot::Field { path, label, value, printed: Printed::Label }
}

/// A count of members with its breakdown by type (其中: 企业 … ): 一's two
/// member rows, laid out alike.
const fn members(key: &'static str) -> Slot {
    Slot::Breakdown { key, printed: Printed::Label, label: 3, total: 2, parts: 7, per_line: 5, end: "。" }
}

/// Labels of 一's grids of numbers that the form prints on two lines,
/// broken after these heads: 集成电路布图 / 设计专有权（项）.
pub const BROKEN_LABELS: [&str; 1] = ["集成电路布图"];

const fn printed(path: &'static [&'static str], printed: Printed) -> Slot {
    Slot::Field { path, label: 3, value: 3, printed }
}

/// 一's rows, block by block, each row's slots in the form's order.
pub const SUMMARY: [&[&[Slot]]; 2] = [
    &[
        &[pair(&["name"], 3, 3), pair(&["field"], 3, 3)],
        &[pair(&["lead_unit"], 3, 3), pair(&["standing_body"], 3, 3)],
        &[pair(&["standing_body_address"], 3, 3), pair(&["standing_body_postcode"], 3, 3)],
        &[pair(&["contact"], 2, 2), pair(&["phone"], 2, 2), pair(&["fax"], 2, 2)],
        &[pair(&["chairman"], 3, 3), pair(&["chairman_unit"], 3, 3)],
        &[pair(&["secretary_general"], 3, 3), pair(&["secretary_general_unit"], 3, 3)],
        &[pair(&["address"], 3, 3), pair(&["postcode"], 3, 3)],
        &[pair(&["office_contact"], 3, 3), pair(&["office_phone"], 3, 3)],
        &[pair(&["mobile"], 1, 2), pair(&["office_fax"], 1, 2), pair(&["email"], 2, 4)],
        &[pair(&["recognized_on"], 3, 3), Slot::Ticks { key: "level", label: 3, value: 3, per_line: 2 }],
        &[members("members_at_recognition")],
        &[members("members_now")],
        &[printed(&["secretariat_staff"], Printed::BrokenAfter("秘书处")), pair(&["office_area"], 3, 3)],
        &[
            pair(&["annual_budget"], 3, 3),
            Slot::Ticks { key: "funding_channels", label: 2, value: 4, per_line: 2 },
        ],
        &[pair(&["exchange_events"], 3, 3), pair(&["market_events"], 3, 3)],
        &[Slot::Breakdown {
            key: "hosted_events",
            printed: Printed::BrokenAfter("主办或承办"),
            label: 3,
            total: 3,
            parts: 6,
            per_line: 1,
            end: "",
        }],
        &[pair(&["research_reports"], 3, 9)],
        &[pair(&["platforms", "total"], 3, 3), pair(&["platform_uses"], 3, 3)],
        &[
            pair(&["platforms", "national"], 2, 2),
            pair(&["platforms", "provincial"], 2, 2),
            pair(&["platforms", "municipal"], 2, 2),
        ],
    ],
    &[
        &[
            printed(&["projects", "count"], Printed::BrokenAfter("合作开展技术")),
            pair(&["projects", "funds"], 3, 3),
        ],
        &[
            printed(&["projects", "national", "count"], Printed::Prefixed("其中：")),
            printed(&["projects", "national", "public_funds"], Printed::Prefixed("其中：")),
        ],
        &[
            pair(&["projects", "provincial", "count"], 3, 3),
            pair(&["projects", "provincial", "public_funds"], 3, 3),
        ],
        &[
            pair(&["projects", "municipal", "count"], 3, 3),
            pair(&["projects", "municipal", "public_funds"], 3, 3),
        ],
        &[Slot::Pairs {
            group: "ip",
            keys: &["invention_patent", "utility_model", "design_patent"],
            span: 4,
            unit: "（项）",
        }],
        &[Slot::Pairs {
            group: "ip",
            keys: &["plant_variety", "new_drug", "software_copyright", "ic_layout"],
            span: 3,
            unit: "（项）",
        }],
        &[Slot::Pairs {
            group: "ip",
            keys: &["international_standard", "national_standard", "industry_standard", "alliance_standard"],
            span: 3,
            unit: "（项）",
        }],
        &[pair(&["ip_shared"], 3, 3), pair(&["transfer_activities"], 3, 3)],
    ],
];
