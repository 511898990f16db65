//! Figures that must agree: the summary of 一、联盟简况 against the tables it
//! repeats, 其中 breakdowns against their totals, and row-level sums.
//!
//! A summary figure the author left out is computed (`crate::summary`) and
//! cannot disagree; one the author wrote must equal the computed one.

use super::Checker;
use crate::load::{MEMBERS_FILE, REPORT_FILE, TABLE_FILES};
use crate::model::*;
use crate::summary::{self, IP_KINDS};

pub(super) fn check(c: &mut Checker) {
    breakdowns(c);
    written_summary(c);
    project_rows(c);
    lead_unit_is_a_member(c);
}

/// "第 1、3、4 行" of a table, 1-based.
fn rows(indices: impl IntoIterator<Item = usize>) -> String {
    let list: Vec<String> = indices.into_iter().map(|i| (i + 1).to_string()).collect();
    if list.is_empty() { "没有相应的行".to_owned() } else { format!("第 {} 行", list.join("、")) }
}

fn mismatch(c: &mut Checker, path: &str, label: &str, written: String, computed: String, source: String) {
    c.error(
        REPORT_FILE,
        path,
        format!("“{label}”写的是 {written}，按{source}统计是 {computed}"),
        "这个数可以不写，工具会按明细表自动统计；如果写，必须与明细表一致",
    );
}

fn breakdowns(c: &mut Checker) {
    let a = &c.report.info.alliance;
    for (key, label, counts) in [
        ("members_at_recognition", "认定时联盟成员单位（个）", a.members_at_recognition),
        ("members_now", "目前联盟成员单位（个）", a.members_now),
    ] {
        if let Some(m) = counts
            && let Some(total) = m.total
            && total != m.sum()
        {
            c.error(
                REPORT_FILE,
                &format!("alliance.{key}.total"),
                format!("“{label}”合计写的是 {total}，其中各类加起来是 {}", m.sum()),
                "企业、大学、科研院所、学会协会、其它之和应等于合计；合计可以不写，工具自动相加",
            );
        }
    }
    if let Some(h) = a.hosted_events
        && h.national + h.provincial > h.total
    {
        c.error(
            REPORT_FILE,
            "alliance.hosted_events.total",
            format!(
                "“主办或承办行业会议、活动（次）”写的是 {}，少于其中国家级 {} 次与省级 {} 次之和",
                h.total, h.national, h.provincial
            ),
            "其中各项之和不能超过合计",
        );
    }
}

fn written_summary(c: &mut Checker) {
    let r = c.report;
    let a = &r.info.alliance;
    let computed = summary::compute(r);
    if let Some(written) = a.members_now {
        let got = computed.members_now;
        let fields = [
            ("enterprise", "企业", written.enterprise, got.enterprise, MemberType::Enterprise),
            ("university", "大学", written.university, got.university, MemberType::University),
            ("institute", "科研院所", written.institute, got.institute, MemberType::Institute),
            ("association", "学会协会", written.association, got.association, MemberType::Association),
            ("other", "其它", written.other, got.other, MemberType::Other),
        ];
        for (key, label, w, g, kind) in fields {
            if w != g {
                let which =
                    rows(r.members.iter().enumerate().filter(|(_, m)| m.kind == Some(kind)).map(|(i, _)| i));
                let source = format!(" {MEMBERS_FILE}（{which}）");
                mismatch(
                    c,
                    &format!("alliance.members_now.{key}"),
                    &format!("目前联盟成员单位：{label}"),
                    w.to_string(),
                    g.to_string(),
                    source,
                );
            }
        }
        if let Some(total) = written.total
            && total as usize != r.members.len()
        {
            let source = format!(" {MEMBERS_FILE}（共 {} 个成员单位）", r.members.len());
            mismatch(
                c,
                "alliance.members_now.total",
                "目前联盟成员单位（个）",
                total.to_string(),
                r.members.len().to_string(),
                source,
            );
        }
    }
    if let Some(w) = a.platforms {
        let g = computed.platforms;
        let by_level = |level| {
            rows(r.platforms.iter().enumerate().filter(|(_, p)| p.level == Some(level)).map(|(i, _)| i))
        };
        let source = |which: String| format!("表5（{which}）");
        let checks = [
            (
                "total",
                "共建技术创新平台（个）",
                w.total,
                g.total,
                source(format!("共 {} 行", r.platforms.len())),
            ),
            (
                "national",
                "国家级平台（个）",
                w.national,
                g.national,
                source(by_level(PlatformLevel::National)),
            ),
            (
                "provincial",
                "省级平台（个）",
                w.provincial,
                g.provincial,
                source(by_level(PlatformLevel::Provincial)),
            ),
            (
                "municipal",
                "市级平台（个）",
                w.municipal,
                g.municipal,
                source(by_level(PlatformLevel::Municipal)),
            ),
        ];
        for (key, label, w, g, source) in checks {
            if w != g {
                mismatch(
                    c,
                    &format!("alliance.platforms.{key}"),
                    label,
                    w.to_string(),
                    g.to_string(),
                    source,
                );
            }
        }
    }
    if let Some(w) = a.projects {
        projects_summary(c, w, computed.projects);
    }
    if let Some(w) = a.ip {
        let g = computed.ip;
        for (i, ((kind, first, second), (wc, gc))) in
            IP_KINDS.iter().zip(w.cells().into_iter().zip(g.cells())).enumerate()
        {
            let of_kind: Vec<usize> = r
                .achievements
                .iter()
                .enumerate()
                .filter(|(_, a)| a.kind.as_deref().map(str::trim) == Some(*kind))
                .map(|(j, _)| j)
                .collect();
            let key = IP_KEYS[i];
            if wc.0 != gc.0 {
                let source = format!("表3（{kind}：{}）", rows(of_kind.iter().copied()));
                mismatch(
                    c,
                    &format!("alliance.ip.{key}"),
                    &format!("{kind}：{first}"),
                    wc.0.to_string(),
                    gc.0.to_string(),
                    source,
                );
            }
            if wc.1 != gc.1 {
                let at_stage = of_kind
                    .iter()
                    .copied()
                    .filter(|&j| r.achievements[j].stage.as_deref().map(str::trim) == Some(*second));
                let source = format!("表3（备注为“{second}”的{kind}：{}）", rows(at_stage));
                mismatch(
                    c,
                    &format!("alliance.ip.{key}"),
                    &format!("{kind}：{second}"),
                    wc.1.to_string(),
                    gc.1.to_string(),
                    source,
                );
            }
        }
    }
}

/// The keys of [`IpGrid`] in the order of [`IP_KINDS`].
const IP_KEYS: [&str; 11] = [
    "invention_patent",
    "utility_model",
    "design_patent",
    "plant_variety",
    "new_drug",
    "software_copyright",
    "ic_layout",
    "international_standard",
    "national_standard",
    "industry_standard",
    "alliance_standard",
];

fn projects_summary(c: &mut Checker, w: ProjectSummary, g: ProjectSummary) {
    let r = c.report;
    let all = format!("表1（共 {} 行）", r.projects.len());
    if w.count != g.count {
        mismatch(
            c,
            "alliance.projects.count",
            "合作开展技术创新项目（项）",
            w.count.to_string(),
            g.count.to_string(),
            all.clone(),
        );
    }
    if w.funds != g.funds {
        mismatch(
            c,
            "alliance.projects.funds",
            "项目总经费（万元）",
            w.funds.display(),
            g.funds.display(),
            format!("{all}的总投入之和"),
        );
    }
    let levels = [
        (
            "national",
            "国家项目（项）",
            "国家财政经费（万元）",
            w.national,
            g.national,
            ProjectSource::National,
        ),
        (
            "provincial",
            "省级项目（项）",
            "省财政经费（万元）",
            w.provincial,
            g.provincial,
            ProjectSource::Provincial,
        ),
        (
            "municipal",
            "市级项目（项）",
            "市财政经费（万元）",
            w.municipal,
            g.municipal,
            ProjectSource::Municipal,
        ),
    ];
    for (key, label, funds_label, w, g, source) in levels {
        let which =
            rows(r.projects.iter().enumerate().filter(|(_, p)| p.source == Some(source)).map(|(i, _)| i));
        if w.count != g.count {
            let from = format!("表1（项目来源为{}：{which}）", source.label());
            mismatch(
                c,
                &format!("alliance.projects.{key}.count"),
                label,
                w.count.to_string(),
                g.count.to_string(),
                from,
            );
        }
        if w.public_funds != g.public_funds {
            let from = format!("表1（项目来源为{}的财政经费之和：{which}）", source.label());
            mismatch(
                c,
                &format!("alliance.projects.{key}.public_funds"),
                funds_label,
                w.public_funds.display(),
                g.public_funds.display(),
                from,
            );
        }
    }
}

fn project_rows(c: &mut Checker) {
    let f = TABLE_FILES[0];
    for (i, p) in c.report.projects.iter().enumerate() {
        if let (Some(public), Some(total)) = (p.public_funds, p.total_investment)
            && public > total
        {
            c.error(
                f,
                &format!("projects[{i}].public_funds"),
                format!("财政经费 {public} 万元大于总投入 {total} 万元"),
                "财政经费是总投入的一部分，不能超过总投入",
            );
        }
        let listed = p.partners.iter().filter(|s| !s.trim().is_empty()).count();
        if let Some(count) = p.partner_count
            && count as usize != listed
        {
            c.error(
                f,
                &format!("projects[{i}].partner_count"),
                format!("合作单位数量写的是 {count} 家，主要合作单位列出了 {listed} 家"),
                "partner_count 可以不写，工具按列出的合作单位计数；写了就必须一致",
            );
        }
    }
}

fn lead_unit_is_a_member(c: &mut Checker) {
    let r = c.report;
    let Some(lead) = r.info.alliance.lead_unit.as_deref().map(str::trim).filter(|s| !s.is_empty()) else {
        return;
    };
    if !r.members.iter().any(|m| m.name.as_deref().map(str::trim) == Some(lead)) {
        c.warning(
            REPORT_FILE,
            "alliance.lead_unit",
            format!("联盟牵头单位“{lead}”不在成员单位名单（{MEMBERS_FILE}）中"),
            "牵头单位也是成员单位：请在 members.yaml 中列出它，名称与此处完全一致",
        );
    }
}
