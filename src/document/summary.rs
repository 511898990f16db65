//! 一、联盟简况 as a grid of label and value cells with their spans, laid
//! out as the catalogue's [`SUMMARY`] says, its labels the fields' own, its
//! values from `alliance` and, for the figures counted from the tables,
//! from the report's [`Summary`].

use super::{NONE, shown};
use crate::form::{self, Field, Kind, Need, Printed, SUMMARY, SUMMARY_COLUMNS, SUMMARY_SIDE, Slot};
use crate::model::{Record, Report, Value};
use crate::summary::{Figures, FirstRows, MemberCounts, RowRef, Summary, member_counts};

/// 一: blocks of rows, each row's cells spanning [`Grid::columns`]
/// columns in all, beside a vertical label that spans every row of a block.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    /// The vertical label of every block: 联盟基本情况.
    pub side: &'static str,
    /// The columns after the vertical label.
    pub columns: u32,
    /// Blocks, kept each on one page as the form prints them.
    pub blocks: Vec<Vec<GridRow>>,
}

pub type GridRow = Vec<GridCell>;

/// A cell of the grid.
#[derive(Debug, Clone, PartialEq)]
pub struct GridCell {
    pub colspan: u32,
    pub content: GridContent,
}

/// What a cell of the grid holds.
#[derive(Debug, Clone, PartialEq)]
pub enum GridContent {
    /// A label, in lines (the form breaks a few: 秘书处 / 专职人员（人）).
    Label(Vec<String>),
    /// A value as the author wrote it (无 when left out), centred.
    Value(String),
    /// A number counted or summed (from the tables, or a total), centred,
    /// and the first row it counts, where it links to one (see [`linked`]).
    Figure(String, Option<RowRef>),
    /// Tick boxes, in lines: ☑省级.
    Ticks(Vec<Vec<Tick>>),
    /// Lines of text on the left: 其中: 企业 10 个；大学 3 个；…, and the
    /// items of them that link to the first row they count.
    Lines(Vec<String>, Vec<Link>),
    /// Two numbers, each after its label: 申请 8 / 授权 5.
    Pair([Count; 2]),
}

/// A tick box and its word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tick {
    pub label: &'static str,
    pub checked: bool,
}

/// A number and its label, and the first row it counts, where it links to
/// one (see [`linked`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Count {
    pub label: &'static str,
    pub value: String,
    pub to: Option<RowRef>,
}

/// An item of a cell's lines (企业 10 个) that links to a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The item as the lines print it, found once in them.
    pub text: String,
    pub to: RowRef,
}

/// Where a figure of 一 links: to the first row it counts, when the report
/// shows the figure counted from the tables (written in report.yaml as
/// counted, or left out) and it is not 0. A figure written otherwise is
/// not made of the rows, and a 0 counts none.
fn linked(shown: &str, computed: &str, first: Option<RowRef>) -> Option<RowRef> {
    let counts = shown == computed && shown.parse::<f64>().is_ok_and(|n| n != 0.0);
    first.filter(|_| counts)
}
/// 一 of `report`, with the figures it shows and where they link.
pub(super) fn grid(report: &Report, figures: &Figures) -> Grid {
    let empty = Record::empty(form::REPORT.path, &form::ALLIANCE, Default::default(), "alliance".into());
    let a = report.info.group("alliance").unwrap_or(&empty);
    let s = Shown { shown: figures.shown(), computed: figures.computed, first: figures.first };
    let blocks =
        SUMMARY.iter().map(|block| block.iter().flat_map(|slots| rows(slots, a, &s)).collect()).collect();
    Grid { side: SUMMARY_SIDE, columns: SUMMARY_COLUMNS, blocks }
}

fn cell(colspan: u32, content: GridContent) -> GridCell {
    GridCell { colspan, content }
}

/// The figures 一 shows, those counted from the tables, and the rows that
/// these count first.
struct Shown {
    shown: Summary,
    computed: Summary,
    first: FirstRows,
}

/// The rows of one row of the layout: one, or two for [`Slot::Pairs`].
fn rows(slots: &[Slot], a: &Record, s: &Shown) -> Vec<GridRow> {
    let mut row = Vec::new();
    let mut below = Vec::new();
    for slot in slots {
        match *slot {
            Slot::Field { path, label, value, printed } => {
                let field = path_field(path);
                row.push(cell(label, GridContent::Label(lines_of(field.label, printed))));
                let shown = if path.len() == 1 && field.need != Need::Derived {
                    GridContent::Value(shown(a, path[0]))
                } else {
                    let (shown, computed) = (figure(path, &s.shown), figure(path, &s.computed));
                    let to = linked(&shown, &computed, first_row(path, &s.first));
                    GridContent::Figure(shown, to)
                };
                row.push(cell(value, shown));
            }
            Slot::Ticks { key, label, value, per_line } => {
                let field = form::field(&form::ALLIANCE, key);
                let chosen: Vec<&str> = match a.get(key) {
                    Some(Value::List(_)) => a.texts(key),
                    _ => a.text(key).into_iter().collect(),
                };
                let ticks: Vec<Tick> =
                    field.words().iter().map(|w| Tick { label: w, checked: chosen.contains(w) }).collect();
                row.push(cell(label, GridContent::Label(vec![field.label.to_owned()])));
                row.push(cell(
                    value,
                    GridContent::Ticks(ticks.chunks(per_line).map(<[Tick]>::to_vec).collect()),
                ));
            }
            Slot::Breakdown { key, printed, label, total, parts, per_line, end } => {
                let field = form::field(&form::ALLIANCE, key);
                let (sum, counts) = breakdown(field, a, &s.shown);
                // Only the members counted from 五 link (see `breakdown`).
                let derived = field.need == Need::Derived;
                let computed = s.computed.members_now;
                let unit = unit_of(field.label).1;
                let items: Vec<String> = group_fields(field)[1..]
                    .iter()
                    .zip(&counts)
                    .map(|(f, n)| {
                        let (name, own) = unit_of(f.label);
                        format!("{name} {n} {}", if own.is_empty() { unit } else { own })
                    })
                    .collect();
                let links: Vec<Link> = (0..items.len())
                    .filter(|_| derived)
                    .filter_map(|i| {
                        let first = s.first.members_by_type[i];
                        let to = linked(&counts[i], &computed.by_type[i].to_string(), first)?;
                        Some(Link { text: items[i].clone(), to })
                    })
                    .collect();
                let total_to =
                    linked(&sum, &computed.total.to_string(), s.first.members_total).filter(|_| derived);
                let mut lines: Vec<String> = items.chunks(per_line).map(|l| l.join("；")).collect();
                lines[0] = format!("{}{}", form::OF_WHICH, lines[0]);
                if let Some(last) = lines.last_mut() {
                    last.push_str(end);
                }
                row.push(cell(label, GridContent::Label(lines_of(field.label, printed))));
                row.push(cell(total, GridContent::Figure(sum, total_to)));
                row.push(cell(parts, GridContent::Lines(lines, links)));
            }
            Slot::Pairs { group, keys, span, unit } => {
                let fields = group_fields(form::field(&form::ALLIANCE, group));
                for key in keys {
                    let i = fields.iter().position(|f| f.key == *key).expect("a field of the group");
                    let field = &fields[i];
                    let label = format!("{}{unit}", field.label);
                    let lines = match form::BROKEN_LABELS
                        .iter()
                        .find_map(|h| label.strip_prefix(h).map(|r| (h, r)))
                    {
                        Some((head, rest)) => vec![(*head).to_owned(), rest.to_owned()],
                        None => vec![label],
                    };
                    row.push(cell(span, GridContent::Label(lines)));
                    let Kind::Pair(first, second) = field.kind else {
                        unreachable!("{key} holds two numbers")
                    };
                    let ((x, y), (cx, cy)) = (s.shown.ip.cells[i], s.computed.ip.cells[i]);
                    let (fx, fy) = s.first.ip[i];
                    let count = |label, n: u32, computed: u32, first| Count {
                        label,
                        value: n.to_string(),
                        to: linked(&n.to_string(), &computed.to_string(), first),
                    };
                    let pair = [count(first, x, cx, fx), count(second, y, cy, fy)];
                    below.push(cell(span, GridContent::Pair(pair)));
                }
            }
        }
    }
    if below.is_empty() { vec![row] } else { vec![row, below] }
}

/// A label as the form prints it, in lines.
fn lines_of(label: &str, printed: Printed) -> Vec<String> {
    match printed {
        Printed::Label => vec![label.to_owned()],
        Printed::BrokenAfter(head) => match label.strip_prefix(head) {
            Some(rest) => vec![head.to_owned(), rest.to_owned()],
            None => vec![label.to_owned()],
        },
        Printed::Prefixed(prefix) => vec![format!("{prefix}{label}")],
    }
}

/// A label's name and the unit in its closing brackets: ("企业", ""),
/// ("国家级会议、活动", "次").
fn unit_of(label: &str) -> (&str, &str) {
    match label.strip_suffix('）').and_then(|l| l.rsplit_once('（')) {
        Some((name, unit)) => (name, unit),
        None => (label, ""),
    }
}

/// The field at `path` in `alliance` and its groups.
fn path_field(path: &[&str]) -> &'static Field {
    let mut fields: &'static [Field] = &form::ALLIANCE;
    let mut field = form::field(fields, path[0]);
    for key in &path[1..] {
        fields = group_fields(field);
        field = form::field(fields, key);
    }
    field
}

fn group_fields(field: &'static Field) -> &'static [Field] {
    match field.kind {
        Kind::Group(fields) => fields,
        _ => unreachable!("{} is a group", field.key),
    }
}

/// A figure counted from the tables, as [`Summary`] has it.
fn figure(path: &[&str], s: &Summary) -> String {
    let level = |key: &str| ["national", "provincial", "municipal"].iter().position(|k| *k == key);
    match path {
        ["platforms", "total"] => s.platforms.total.to_string(),
        ["platforms", key] => level(key).map(|i| s.platforms.by_level[i].to_string()).unwrap_or_default(),
        ["projects", "count"] => s.projects.count.to_string(),
        ["projects", "funds"] => s.projects.funds.display(),
        ["projects", key, "count"] => {
            level(key).map(|i| s.projects.levels[i].0.to_string()).unwrap_or_default()
        }
        ["projects", key, "public_funds"] => {
            level(key).map(|i| s.projects.levels[i].1.display()).unwrap_or_default()
        }
        _ => unreachable!("{path:?} is no figure of the summary"),
    }
}

/// The first row that the figure at `path` counts (see [`figure`]).
fn first_row(path: &[&str], f: &FirstRows) -> Option<RowRef> {
    let level = |key: &str| ["national", "provincial", "municipal"].iter().position(|k| *k == key);
    match path {
        ["platforms", "total"] => f.platforms_total,
        ["platforms", key] => level(key).and_then(|i| f.platforms_by_level[i]),
        ["projects", "count"] => f.projects_count,
        ["projects", "funds"] => f.projects_funds,
        ["projects", key, "count"] => level(key).and_then(|i| f.project_levels[i].0),
        ["projects", key, "public_funds"] => level(key).and_then(|i| f.project_levels[i].1),
        _ => None,
    }
}

/// A group of counts: its total and its other fields, as printed. A total
/// that may be left out is the sum of the parts; one that must be written
/// and is not leaves every number 无.
fn breakdown(field: &'static Field, a: &Record, s: &Summary) -> (String, Vec<String>) {
    let parts = group_fields(field).len() - 1;
    let counts = |c: MemberCounts| (c.total.to_string(), c.by_type.iter().map(u32::to_string).collect());
    if field.need == Need::Derived {
        return counts(s.members_now);
    }
    match a.group(field.key) {
        Some(g) if group_fields(field)[0].need == Need::Derived => counts(member_counts(g)),
        Some(g) if matches!(g.get("total"), Some(Value::Count(_))) => {
            let keys = group_fields(field).iter().map(|f| g.count_or_zero(f.key).to_string());
            let mut all: Vec<String> = keys.collect();
            let total = all.remove(0);
            (total, all)
        }
        _ => (NONE.to_owned(), vec![NONE.to_owned(); parts]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> Grid {
        let root = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/example-report"));
        let report = crate::load::load(root).unwrap().report.unwrap();
        grid(&report, &Figures::of(&report))
    }

    /// The figures of the grid that link, by their label's first line.
    fn linked(grid: &Grid) -> Vec<(String, Option<RowRef>)> {
        let mut out = Vec::new();
        for row in grid.blocks.iter().flatten() {
            for pair in row.windows(2) {
                if let (GridContent::Label(label), GridContent::Figure(_, to)) =
                    (&pair[0].content, &pair[1].content)
                {
                    out.push((label[0].clone(), *to));
                }
            }
        }
        out
    }

    #[test]
    fn a_written_figure_links_only_when_it_is_the_counted_one() {
        let root = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/example-report"));
        let yaml = std::fs::read_to_string(root.join("report.yaml")).unwrap();
        // Counted: 8 platforms, 1 national, 4 provincial, 3 municipal.
        let written = "  platforms:\n    total: 8\n    national: 2\n    provincial: 4\n    municipal: 3\n  platform_uses:";
        let yaml = yaml.replacen("  platform_uses:", written, 1);
        let mut source = crate::load::Source::disk(root);
        source.insert("report.yaml", yaml);
        let report = crate::load::load_from(&source, None).unwrap().report.unwrap();
        let figures = Figures::of(&report);
        assert!(figures.written.platforms.is_some());
        let linked = linked(&grid(&report, &figures));
        let find = |label: &str| linked.iter().find(|(l, _)| l.contains(label)).unwrap().1;
        assert!(find("共建技术创新平台").is_some(), "8 as counted: {linked:?}");
        assert_eq!(find("国家级平台"), None, "2 written, 1 counted");
        assert!(find("省级平台").is_some(), "4 as counted");
        assert_eq!(find("市级平台"), Some(RowRef { table: 5, row: 5 }), "3 as counted, from 表5 序号6");
    }

    #[test]
    fn every_row_of_the_summary_spans_its_columns() {
        let grid = example();
        assert_eq!(grid.blocks.iter().map(Vec::len).collect::<Vec<_>>(), [19, 11]);
        for row in grid.blocks.iter().flatten() {
            assert_eq!(row.iter().map(|c| c.colspan).sum::<u32>(), grid.columns, "{row:?}");
        }
    }

    #[test]
    fn summary_labels_and_breakdowns_read_as_the_form_prints_them() {
        let grid = example();
        let cells: Vec<&GridContent> = grid.blocks.iter().flatten().flatten().map(|c| &c.content).collect();
        let label = |lines: &[&str]| GridContent::Label(lines.iter().map(|l| l.to_string()).collect());
        assert_eq!(cells[0], &label(&["联盟名称"]));
        assert!(cells.contains(&&label(&["秘书处", "专职人员（人）"])));
        assert!(cells.contains(&&label(&["其中：国家项目（项）"])));
        assert!(cells.contains(&&label(&["发明专利（项）"])));
        let lines: Vec<&Vec<String>> = cells
            .iter()
            .filter_map(|c| match c {
                GridContent::Lines(l, _) => Some(l),
                _ => None,
            })
            .collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[0][0].starts_with("其中: 企业 ") && lines[0][0].ends_with(" 个。"), "{:?}", lines[0]);
        assert_eq!(lines[2].len(), 2, "国家级 and 省级 on lines of their own");
        assert!(lines[2][1].ends_with(" 次"));
    }
}
