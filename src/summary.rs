//! The figures of 一、联盟简况 that follow from the detail tables, computed
//! once per build and handed to `check` (which compares them with what the
//! author wrote) and to the view (which prints them).
//!
//! Each rule here is listed in the README ("由表格自动统计的数字"). Where the
//! author wrote a figure in report.yaml it is printed as written; where they
//! left it out, the computed one is.

use crate::form::{self, ACHIEVEMENT_KINDS, IP_KINDS, PLATFORMS, PROJECTS, Table};
use crate::model::{Amount, Record, Report};

/// Member units by type (单位类型, in the order of the vocabulary).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MemberCounts {
    pub total: u32,
    pub by_type: [u32; 5],
}

/// 共建技术创新平台 by level (国家级, 省级, 市级).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PlatformCounts {
    pub total: u32,
    pub by_level: [u32; 3],
}

/// 合作开展技术创新项目, 项目总经费, and per level (国家, 省级, 市级) the
/// projects and their 财政经费.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ProjectSummary {
    pub count: u32,
    pub funds: Amount,
    pub levels: [(u32, Amount); 3],
}

/// The IP and standards grid: two numbers per kind of [`IP_KINDS`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IpGrid {
    pub cells: [(u32, u32); 11],
}

/// The derived figures of the summary table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub members_now: MemberCounts,
    pub platforms: PlatformCounts,
    pub projects: ProjectSummary,
    pub ip: IpGrid,
}

/// A row of 五 or 表1–表5: the index of its table in [`form::TABLES`],
/// and its own (0-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RowRef {
    pub table: usize,
    pub row: usize,
}

/// The first row that each figure of [`Summary`] counts, in its shape
/// (`None` for a figure that counts no row): where a reviewer checks the
/// figure against the rows that make it up.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FirstRows {
    pub members_total: Option<RowRef>,
    pub members_by_type: [Option<RowRef>; 5],
    pub platforms_total: Option<RowRef>,
    pub platforms_by_level: [Option<RowRef>; 3],
    pub projects_count: Option<RowRef>,
    pub projects_funds: Option<RowRef>,
    /// Per level, the first project and the first with 财政经费.
    pub project_levels: [(Option<RowRef>, Option<RowRef>); 3],
    /// Per kind, the first row of each of its two numbers.
    pub ip: [(Option<RowRef>, Option<RowRef>); 11],
}

/// The figures of a report, computed and as written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Figures {
    /// From the tables.
    pub computed: Summary,
    /// The first row each computed figure counts.
    pub first: FirstRows,
    /// What `report.yaml` says, where it says it.
    pub written: Written,
}

/// The derived figures the author wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Written {
    pub members_now: Option<MemberCounts>,
    pub platforms: Option<PlatformCounts>,
    pub projects: Option<ProjectSummary>,
    pub ip: Option<IpGrid>,
}

impl Figures {
    /// Computes the figures of `report`, once.
    pub fn of(report: &Report) -> Figures {
        let (computed, first) = count(report);
        Figures { computed, first, written: written(&report.info) }
    }

    /// The figures as the report prints them: written ones win.
    pub fn shown(&self) -> Summary {
        let (c, w) = (self.computed, self.written);
        Summary {
            members_now: w.members_now.unwrap_or(c.members_now),
            platforms: w.platforms.unwrap_or(c.platforms),
            projects: w.projects.unwrap_or(c.projects),
            ip: w.ip.unwrap_or(c.ip),
        }
    }
}

/// The 单位类型 of each member unit's row in members.yaml, as an index
/// into the vocabulary.
pub fn member_type(row: &Record) -> Option<usize> {
    let words = form::MEMBERS.field("type").words();
    row.text("type").and_then(|t| words.iter().position(|w| *w == t))
}

/// The position of a row's word of field `key` in its vocabulary.
fn word_index(table: &Table, row: &Record, key: &str) -> Option<usize> {
    let words = table.field(key).words();
    row.text(key).and_then(|t| words.iter().position(|w| *w == t))
}

/// The level of a row of 表1 by its 项目来源 (国家、省级、市级 only).
pub fn project_level(row: &Record) -> Option<usize> {
    word_index(&PROJECTS, row, "source").filter(|&i| i < 3)
}

/// The level of a row of 表5.
pub fn platform_level(row: &Record) -> Option<usize> {
    word_index(&PLATFORMS, row, "level")
}

/// The cell of the IP grid a row of 表3 counts in.
pub fn ip_cell(row: &Record) -> Option<usize> {
    let kind = row.text("kind")?;
    IP_KINDS.iter().position(|&k| ACHIEVEMENT_KINDS[k].name == kind)
}

/// The figures computed from members.yaml and 表1, 表3, 表5.
pub fn compute(report: &Report) -> Summary {
    count(report).0
}

/// The figures computed from members.yaml and 表1, 表3, 表5, and the first
/// row each counts: one pass, so that a figure links to a row it counts.
fn count(report: &Report) -> (Summary, FirstRows) {
    let mut s = Summary::default();
    let mut f = FirstRows::default();
    // Row `row` of `table` counts towards a figure whose first row is `first`.
    let at = |table: &Table, row: usize| {
        let table = form::TABLES.iter().position(|t| t.name == table.name).expect("a table of the form");
        RowRef { table, row }
    };
    let note = |first: &mut Option<RowRef>, row: RowRef| {
        first.get_or_insert(row);
    };
    for (i, row) in report.rows(&form::MEMBERS).iter().enumerate() {
        let Some(t) = member_type(row) else { continue };
        s.members_now.by_type[t] += 1;
        note(&mut f.members_by_type[t], at(&form::MEMBERS, i));
        note(&mut f.members_total, at(&form::MEMBERS, i));
    }
    s.members_now.total = s.members_now.by_type.iter().sum();
    let platforms = report.rows(&PLATFORMS);
    s.platforms.total = platforms.len() as u32;
    for (i, row) in platforms.iter().enumerate() {
        note(&mut f.platforms_total, at(&PLATFORMS, i));
        if let Some(level) = platform_level(row) {
            s.platforms.by_level[level] += 1;
            note(&mut f.platforms_by_level[level], at(&PLATFORMS, i));
        }
    }
    let projects = report.rows(&PROJECTS);
    s.projects.count = projects.len() as u32;
    for (i, p) in projects.iter().enumerate() {
        note(&mut f.projects_count, at(&PROJECTS, i));
        if let Some(funds) = p.amount("total_investment") {
            s.projects.funds = s.projects.funds + funds;
            note(&mut f.projects_funds, at(&PROJECTS, i));
        }
        if let Some(level) = project_level(p) {
            let (count, funds) = &mut s.projects.levels[level];
            *count += 1;
            note(&mut f.project_levels[level].0, at(&PROJECTS, i));
            if let Some(public) = p.amount("public_funds") {
                *funds = *funds + public;
                note(&mut f.project_levels[level].1, at(&PROJECTS, i));
            }
        }
    }
    // The first number of a cell counts every row of the kind (an
    // application that was later granted was applied for, too); the second
    // counts the rows whose 备注 names the later stage.
    for (i, row) in report.rows(&form::ACHIEVEMENTS).iter().enumerate() {
        let Some(cell) = ip_cell(row) else { continue };
        s.ip.cells[cell].0 += 1;
        note(&mut f.ip[cell].0, at(&form::ACHIEVEMENTS, i));
        if row.text("stage") == Some(ACHIEVEMENT_KINDS[IP_KINDS[cell]].second) {
            s.ip.cells[cell].1 += 1;
            note(&mut f.ip[cell].1, at(&form::ACHIEVEMENTS, i));
        }
    }
    (s, f)
}

/// The derived figures as `report.yaml` writes them.
fn written(info: &Record) -> Written {
    let Some(a) = info.group("alliance") else { return Written::default() };
    Written {
        members_now: a.group("members_now").map(member_counts),
        platforms: a.group("platforms").map(|p| PlatformCounts {
            total: p.count_or_zero("total"),
            by_level: [
                p.count_or_zero("national"),
                p.count_or_zero("provincial"),
                p.count_or_zero("municipal"),
            ],
        }),
        projects: a.group("projects").map(|p| {
            let level = |key: &str| {
                p.group(key).map_or((0, Amount::default()), |l| {
                    (l.count_or_zero("count"), l.amount("public_funds").unwrap_or_default())
                })
            };
            ProjectSummary {
                count: p.count_or_zero("count"),
                funds: p.amount("funds").unwrap_or_default(),
                levels: [level("national"), level("provincial"), level("municipal")],
            }
        }),
        ip: a.group("ip").map(|grid| {
            let mut cells = [(0, 0); 11];
            for (i, field) in grid.fields.iter().enumerate() {
                cells[i] = grid.pair(field.key).unwrap_or((0, 0));
            }
            IpGrid { cells }
        }),
    }
}

/// A group of `MEMBER_COUNTS` as counts; the total, when left out, is the
/// sum of the types.
pub fn member_counts(group: &Record) -> MemberCounts {
    let mut by_type = [0; 5];
    for (i, field) in group.fields[1..].iter().enumerate() {
        by_type[i] = group.count_or_zero(field.key);
    }
    MemberCounts { total: group.count("total").unwrap_or(by_type.iter().sum()), by_type }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> Report {
        let root = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/example-report"));
        crate::load::load(root).unwrap().report.unwrap()
    }

    /// The rows of `first`, all of table `table`.
    fn rows<const N: usize>(first: [Option<RowRef>; N], table: usize) -> [Option<usize>; N] {
        first.map(|r| {
            r.map(|r| {
                assert_eq!(r.table, table, "{r:?}");
                r.row
            })
        })
    }

    #[test]
    fn each_figure_counts_first_the_row_found_by_hand() {
        // Read off the example's members.yaml, 表1, 表3 and 表5.
        let f = Figures::of(&example()).first;
        assert_eq!(rows(f.members_by_type, 0), [Some(0), Some(15), Some(19), Some(23), Some(25)]);
        assert_eq!(rows([f.members_total], 0), [Some(0)]);
        assert_eq!(rows(f.platforms_by_level, 5), [Some(0), Some(1), Some(5)]);
        assert_eq!(rows([f.platforms_total], 5), [Some(0)]);
        assert_eq!(rows([f.projects_count, f.projects_funds], 1), [Some(0), Some(0)]);
        let levels = f.project_levels.map(|(a, b)| rows([a, b], 1));
        assert_eq!(levels, [[Some(0), Some(0)], [Some(2), Some(2)], [Some(7), Some(7)]]);
        // 发明专利 from 序号1, granted there too; 实用新型专利 from 序号9.
        assert_eq!(
            rows([f.ip[0].0, f.ip[0].1, f.ip[1].0, f.ip[1].1], 3),
            [Some(0), Some(0), Some(8), Some(8)]
        );
    }

    #[test]
    fn a_figure_of_nothing_counts_no_row() {
        let figures = Figures::of(&example());
        let (c, f) = (figures.computed, figures.first);
        let mut zeros = 0;
        for ((a, b), (fa, fb)) in c.ip.cells.iter().zip(f.ip) {
            assert_eq!(*a == 0, fa.is_none());
            assert_eq!(*b == 0, fb.is_none());
            zeros += usize::from(*a == 0) + usize::from(*b == 0);
        }
        assert!(zeros > 0, "the example has kinds without rows");
    }
}
