//! Figures that must agree: the summary of 一、联盟简况 against the tables it
//! repeats, 其中 breakdowns against their totals, and row-level sums.
//!
//! A summary figure the author left out is computed (`crate::summary`) and
//! cannot disagree; one the author wrote must equal the computed one.

use super::Checker;
use crate::diag::Rule;
use crate::form::{self, ACHIEVEMENT_KINDS, IP_KINDS, MEMBERS, PLATFORMS, PROJECTS, Table};
use crate::model::Record;
use crate::summary::{self, member_counts};

pub(super) fn check(c: &mut Checker) {
    let Some(alliance) = c.report.info.group("alliance").cloned() else { return };
    breakdowns(c, &alliance);
    members_now(c, &alliance);
    platforms(c, &alliance);
    projects(c, &alliance);
    ip(c, &alliance);
    project_rows(c);
    lead_unit_is_a_member(c, &alliance);
}

/// "第 1、3、4 行" of a table, 1-based.
fn rows(indices: impl IntoIterator<Item = usize>) -> String {
    let list: Vec<String> = indices.into_iter().map(|i| (i + 1).to_string()).collect();
    if list.is_empty() { "没有相应的行".to_owned() } else { format!("第 {} 行", list.join("、")) }
}

/// The rows of `table` for which `pick` holds, as [`rows`] writes them.
fn rows_where(c: &Checker, table: &Table, pick: impl Fn(&Record) -> bool) -> String {
    rows(c.report.rows(table).iter().enumerate().filter(|(_, r)| pick(r)).map(|(i, _)| i))
}

fn mismatch(
    c: &mut Checker,
    at: &Record,
    key: &str,
    label: &str,
    written: String,
    computed: String,
    source: String,
) {
    c.error(
        Rule::Figures,
        at,
        key,
        format!("“{label}”写的是 {written}，按{source}统计是 {computed}"),
        "这个数可以不写，工具会按明细表自动统计；如果写，必须与明细表一致",
    );
}

fn breakdowns(c: &mut Checker, a: &Record) {
    for key in ["members_at_recognition", "members_now"] {
        let Some(group) = a.group(key) else { continue };
        let counts = member_counts(group);
        let sum: u32 = counts.by_type.iter().sum();
        if let Some(total) = group.count("total")
            && total != sum
        {
            c.error(
                Rule::Figures,
                group,
                "total",
                format!("“{}”合计写的是 {total}，其中各类加起来是 {sum}", a.field(key).label),
                "企业、大学、科研院所、学会协会、其它之和应等于合计；合计可以不写，工具自动相加",
            );
        }
    }
    if let Some(h) = a.group("hosted_events") {
        let (total, national, provincial) =
            (h.count_or_zero("total"), h.count_or_zero("national"), h.count_or_zero("provincial"));
        if national + provincial > total {
            c.error(
                Rule::Figures,
                h,
                "total",
                format!(
                    "“{}”写的是 {total}，少于其中国家级 {national} 次与省级 {provincial} 次之和",
                    a.field("hosted_events").label
                ),
                "其中各项之和不能超过合计",
            );
        }
    }
}

fn members_now(c: &mut Checker, a: &Record) {
    let Some(group) = a.group("members_now") else { return };
    let (written, got) = (member_counts(group), c.figures.computed.members_now);
    let label = a.field("members_now").label;
    for (i, field) in group.fields[1..].iter().enumerate() {
        if written.by_type[i] != got.by_type[i] {
            let which = rows_where(c, &MEMBERS, |m| summary::member_type(m) == Some(i));
            let source = format!(" {}（{which}）", MEMBERS.file);
            let shown = format!("{}：{}", label.trim_end_matches("（个）"), field.label);
            mismatch(
                c,
                group,
                field.key,
                &shown,
                written.by_type[i].to_string(),
                got.by_type[i].to_string(),
                source,
            );
        }
    }
    let count = c.report.rows(&MEMBERS).len();
    if let Some(total) = group.count("total")
        && total as usize != count
    {
        let source = format!(" {}（共 {count} 个成员单位）", MEMBERS.file);
        mismatch(c, group, "total", label, total.to_string(), count.to_string(), source);
    }
}

fn platforms(c: &mut Checker, a: &Record) {
    let Some(group) = a.group("platforms") else { return };
    let (Some(w), g) = (c.figures.written.platforms, c.figures.computed.platforms) else { return };
    if w.total != g.total {
        let source = format!("表5（共 {} 行）", c.report.rows(&PLATFORMS).len());
        mismatch(
            c,
            group,
            "total",
            group.field("total").label,
            w.total.to_string(),
            g.total.to_string(),
            source,
        );
    }
    for (level, field) in group.fields[1..].iter().enumerate() {
        if w.by_level[level] != g.by_level[level] {
            let source = format!(
                "表5（{}）",
                rows_where(c, &PLATFORMS, |p| summary::platform_level(p) == Some(level))
            );
            let (written, computed) = (w.by_level[level].to_string(), g.by_level[level].to_string());
            mismatch(c, group, field.key, field.label, written, computed, source);
        }
    }
}

fn projects(c: &mut Checker, a: &Record) {
    let Some(group) = a.group("projects") else { return };
    let (Some(w), g) = (c.figures.written.projects, c.figures.computed.projects) else { return };
    let all = format!("表1（共 {} 行）", c.report.rows(&PROJECTS).len());
    if w.count != g.count {
        mismatch(
            c,
            group,
            "count",
            group.field("count").label,
            w.count.to_string(),
            g.count.to_string(),
            all.clone(),
        );
    }
    if w.funds != g.funds {
        let source = format!("{all}的总投入之和");
        mismatch(c, group, "funds", group.field("funds").label, w.funds.display(), g.funds.display(), source);
    }
    let sources = PROJECTS.field("source").words();
    for (level, field) in group.fields[2..].iter().enumerate() {
        let Some(l) = group.group(field.key) else { continue };
        let (wc, wf) = w.levels[level];
        let (gc, gf) = g.levels[level];
        let which = rows_where(c, &PROJECTS, |p| summary::project_level(p) == Some(level));
        if wc != gc {
            let from = format!("表1（项目来源为{}：{which}）", sources[level]);
            mismatch(c, l, "count", l.field("count").label, wc.to_string(), gc.to_string(), from);
        }
        if wf != gf {
            let from = format!("表1（项目来源为{}的财政经费之和：{which}）", sources[level]);
            mismatch(c, l, "public_funds", l.field("public_funds").label, wf.display(), gf.display(), from);
        }
    }
}

fn ip(c: &mut Checker, a: &Record) {
    let Some(grid) = a.group("ip") else { return };
    let (Some(w), g) = (c.figures.written.ip, c.figures.computed.ip) else { return };
    for (i, field) in grid.fields.iter().enumerate() {
        let kind = &ACHIEVEMENT_KINDS[IP_KINDS[i]];
        let ((w1, w2), (g1, g2)) = (w.cells[i], g.cells[i]);
        let of_kind = |r: &Record| summary::ip_cell(r) == Some(i);
        if w1 != g1 {
            let source = format!("表3（{}：{}）", kind.name, rows_where(c, &form::ACHIEVEMENTS, of_kind));
            mismatch(
                c,
                grid,
                field.key,
                &format!("{}：{}", kind.name, kind.first),
                w1.to_string(),
                g1.to_string(),
                source,
            );
        }
        if w2 != g2 {
            let at_stage = |r: &Record| of_kind(r) && r.text("stage") == Some(kind.second);
            let source = format!(
                "表3（备注为“{}”的{}：{}）",
                kind.second,
                kind.name,
                rows_where(c, &form::ACHIEVEMENTS, at_stage)
            );
            let label = format!("{}：{}", kind.name, kind.second);
            mismatch(c, grid, field.key, &label, w2.to_string(), g2.to_string(), source);
        }
    }
}

fn project_rows(c: &mut Checker) {
    let report = c.report;
    for p in report.rows(&PROJECTS) {
        if let (Some(public), Some(total)) = (p.amount("public_funds"), p.amount("total_investment"))
            && public > total
        {
            c.error(
                Rule::Figures,
                p,
                "public_funds",
                format!("财政经费 {public} 万元大于总投入 {total} 万元"),
                "财政经费是总投入的一部分，不能超过总投入",
            );
        }
        let listed = p.texts("partners").len();
        if let Some(count) = p.count("partner_count")
            && count as usize != listed
        {
            c.error(
                Rule::Figures,
                p,
                "partner_count",
                format!("合作单位数量写的是 {count} 家，主要合作单位列出了 {listed} 家"),
                "partner_count 可以不写，工具按列出的合作单位计数；写了就必须一致",
            );
        }
    }
}

fn lead_unit_is_a_member(c: &mut Checker, a: &Record) {
    let Some(lead) = a.text("lead_unit") else { return };
    if !c.report.rows(&MEMBERS).iter().any(|m| m.text("name") == Some(lead)) {
        c.warning(
            Rule::Figures,
            a,
            "lead_unit",
            format!("联盟牵头单位“{lead}”不在成员单位名单（{}）中", MEMBERS.file),
            "牵头单位也是成员单位：请在 members.yaml 中列出它，名称与此处完全一致",
        );
    }
}
