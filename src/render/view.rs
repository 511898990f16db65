//! The view of a report that the templates read: every value already a
//! display string ("无" where the report has nothing), so that templates only
//! lay out and never format.

use serde::Serialize;

use std::collections::BTreeMap;

use crate::evidence::{self, Attachments, Table, Target};
use crate::form;
use crate::model::*;
use crate::summary::{IP_KINDS, Summary};

/// What the text "无" stands for: a cell with nothing to say.
pub const NONE: &str = "无";

#[derive(Debug, Serialize)]
pub struct View {
    pub draft: bool,
    pub meta: Meta,
    pub cover: CoverView,
    /// The nine kinds of evidence as 填写说明 lists them: "（1）举办…".
    pub evidence_kinds: Vec<String>,
    pub s: SummaryView,
    pub sections: Vec<SectionView>,
    pub members: Vec<MemberRow>,
    pub tables: Tables,
    pub opinions: OpinionsView,
    pub evidence: EvidenceView,
}

#[derive(Debug, Serialize)]
pub struct Meta {
    pub title: String,
    pub author: String,
}

#[derive(Debug, Serialize)]
pub struct CoverView {
    pub name: String,
    pub lead_unit: String,
    pub recommender: String,
    pub filled_by: String,
    pub phone: String,
    /// Empty when the report has no date: the line stays blank to fill by hand.
    pub year: String,
    pub month: String,
    pub day: String,
}

#[derive(Debug, Serialize)]
pub struct SummaryView {
    pub name: String,
    pub field: String,
    pub lead_unit: String,
    pub standing_body: String,
    pub standing_body_address: String,
    pub standing_body_postcode: String,
    pub contact: String,
    pub phone: String,
    pub fax: String,
    pub chairman: String,
    pub chairman_unit: String,
    pub secretary_general: String,
    pub secretary_general_unit: String,
    pub address: String,
    pub postcode: String,
    pub office_contact: String,
    pub office_phone: String,
    pub mobile: String,
    pub office_fax: String,
    pub email: String,
    pub recognized_on: String,
    pub level_national: bool,
    pub level_provincial: bool,
    pub member_rows: Vec<MemberCountRow>,
    pub secretariat_staff: String,
    pub office_area: String,
    pub annual_budget: String,
    pub channels: Channels,
    pub exchange_events: String,
    pub market_events: String,
    pub hosted: Hosted,
    pub research_reports: String,
    pub platforms: Platforms,
    pub platform_uses: String,
    pub projects: Projects,
    pub ip_rows: Vec<Vec<IpCell>>,
    pub ip_shared: String,
    pub transfer_activities: String,
}

#[derive(Debug, Serialize)]
pub struct MemberCountRow {
    pub label: &'static str,
    pub counts: Counts,
}

#[derive(Debug, Serialize)]
pub struct Counts {
    pub total: String,
    pub enterprise: String,
    pub university: String,
    pub institute: String,
    pub association: String,
    pub other: String,
}

#[derive(Debug, Serialize)]
pub struct Channels {
    pub lead_unit: bool,
    pub fees: bool,
    pub shared: bool,
    pub other: bool,
}

#[derive(Debug, Serialize)]
pub struct Hosted {
    pub total: String,
    pub national: String,
    pub provincial: String,
}

#[derive(Debug, Serialize)]
pub struct Platforms {
    pub total: String,
    pub national: String,
    pub provincial: String,
    pub municipal: String,
}

#[derive(Debug, Serialize)]
pub struct Projects {
    pub count: String,
    pub funds: String,
    pub national: String,
    pub national_funds: String,
    pub provincial: String,
    pub provincial_funds: String,
    pub municipal: String,
    pub municipal_funds: String,
}

#[derive(Debug, Serialize)]
pub struct IpCell {
    pub label: String,
    pub span: u32,
    pub first_label: &'static str,
    pub first: String,
    pub second_label: &'static str,
    pub second: String,
}

#[derive(Debug, Serialize)]
pub struct SectionView {
    pub title: &'static str,
    pub prompts: Vec<PromptView>,
}

#[derive(Debug, Serialize)]
pub struct PromptView {
    pub text: &'static str,
    /// Where the answer comes from, for a typesetting error (see
    /// [`super::place_at`]): `sections/operation.md:12｜二（3）`.
    pub place: String,
    /// The answer as typst markup, converted from Markdown.
    pub body: String,
}

#[derive(Debug, Serialize)]
pub struct MemberRow {
    pub no: String,
    pub name: String,
    pub code: String,
    pub role: String,
    /// The evidence that supports the row (见附件 …), or empty.
    pub refs: String,
}

#[derive(Debug, Serialize)]
pub struct Tables {
    pub projects: Vec<Vec<String>>,
    pub transfers: Vec<Vec<String>>,
    pub achievements: Vec<Vec<String>>,
    pub events: Vec<Vec<String>>,
    pub platforms: Vec<Vec<String>>,
}

#[derive(Debug, Serialize)]
pub struct OpinionsView {
    pub lead_unit: Option<String>,
    pub recommender: Option<String>,
}

/// 九、相关印证材料: the index (证明材料目录) and the items' pages.
#[derive(Debug, Serialize)]
pub struct EvidenceView {
    pub index: Vec<EvidenceGroup>,
    pub items: Vec<EvidenceItemView>,
}

/// One kind of the nine in the index.
#[derive(Debug, Serialize)]
pub struct EvidenceGroup {
    /// "（3）共建公共技术创新平台及使用情况的证明材料"
    pub kind: String,
    pub items: Vec<EvidenceEntry>,
    /// Why the report has none of this kind (empty when it has some).
    pub absent: String,
}

/// One line of the index.
#[derive(Debug, Serialize)]
pub struct EvidenceEntry {
    /// "3-2"
    pub no: String,
    pub title: String,
    /// What it supports, e.g. "表5 序号2", "二（3）"; may be empty.
    pub supports: Vec<String>,
}

/// One item with the pages it prints on.
#[derive(Debug, Serialize)]
pub struct EvidenceItemView {
    pub no: String,
    pub title: String,
    pub supports: Vec<String>,
    /// The kind's heading, on the first item of each kind.
    pub kind: Option<String>,
    pub pages: Vec<EvidencePage>,
    /// Where the item comes from, for a typesetting error.
    pub place: String,
}

/// One printed page of evidence: a page of a PDF, or an image; or, in a
/// draft, a placeholder for a file that cannot be printed (`path` empty).
#[derive(Debug, Serialize)]
pub struct EvidencePage {
    /// Virtual path inside the report folder.
    pub path: String,
    /// The file as written in evidence.yaml.
    pub source: String,
    pub format: &'static str,
    /// 1-based page of a PDF.
    pub page: usize,
    /// Width / height of the page or image.
    pub ratio: f64,
    /// Printed on a landscape sheet.
    pub landscape: bool,
}

/// Text of an optional field: the text, or 无 when absent or blank.
pub fn text(value: &Option<String>) -> String {
    match value.as_deref().map(str::trim) {
        Some(t) if !t.is_empty() => t.to_owned(),
        _ => NONE.to_owned(),
    }
}

/// Any optional displayable value, or 无.
pub fn or_none<T: ToString>(value: Option<T>) -> String {
    value.map_or_else(|| NONE.to_owned(), |v| v.to_string())
}

/// A list joined with 、, or 无 when empty.
pub fn list(items: &[String]) -> String {
    let items: Vec<&str> = items.iter().map(|s| s.trim()).filter(|s| !s.is_empty()).collect();
    if items.is_empty() { NONE.to_owned() } else { items.join("、") }
}

/// The place of answer `i` of `section`: its file and the line of its
/// heading, and the part and prompt it answers.
fn answer_place(section: &crate::model::Section, i: usize) -> String {
    let file = format!("sections/{}", section.part.file_name());
    let line =
        section.answers.get(i).and_then(Option::as_ref).map(|a| format!(":{}", a.line)).unwrap_or_default();
    let part = form::section_title(section.part).split('、').next().unwrap_or_default();
    format!("{file}{line}｜{part}（{}）", i + 1)
}

/// Builds the view; `answers` holds the converted typst of each section's
/// answers, in the order of `report.sections`.
pub fn build(
    report: &Report,
    summary: &Summary,
    answers: Vec<Vec<Option<String>>>,
    attachments: &Attachments,
    draft: bool,
) -> View {
    let refs = if report.info.evidence_refs { evidence_refs(report) } else { BTreeMap::new() };
    let a = &report.info.alliance;
    View {
        draft,
        meta: Meta {
            title: format!("{} 考核及绩效评价报告", text(&a.name)), author: text(&a.lead_unit)
        },
        cover: cover(report),
        evidence_kinds: form::EVIDENCE_KINDS
            .iter()
            .enumerate()
            .map(|(i, k)| format!("（{}）{k}", i + 1))
            .collect(),
        s: summary_view(a, summary),
        sections: report
            .sections
            .iter()
            .zip(answers)
            .map(|(section, bodies)| SectionView {
                title: form::section_title(section.part),
                prompts: form::prompts(section.part)
                    .iter()
                    .zip(bodies)
                    .enumerate()
                    .map(|(i, (prompt, body))| PromptView {
                        text: prompt.text,
                        place: answer_place(section, i),
                        body: body.unwrap_or_else(|| crate::escape::typst_text(NONE)),
                    })
                    .collect(),
            })
            .collect(),
        members: report
            .members
            .iter()
            .enumerate()
            .map(|(i, m)| MemberRow {
                no: (i + 1).to_string(),
                name: text(&m.name),
                code: text(&m.code),
                role: text(&m.role),
                refs: refs.get(&(Table::Members, i)).map(|r| format!("（{r}）")).unwrap_or_default(),
            })
            .collect(),
        tables: tables(report, &refs),
        opinions: OpinionsView {
            lead_unit: report.info.opinions.lead_unit.clone().filter(|s| !s.trim().is_empty()),
            recommender: report.info.opinions.recommender.clone().filter(|s| !s.trim().is_empty()),
        },
        evidence: evidence(report, attachments),
    }
}

fn cover(report: &Report) -> CoverView {
    let (c, a) = (&report.info.cover, &report.info.alliance);
    let date = c.date;
    CoverView {
        name: text(&a.name),
        lead_unit: text(&a.lead_unit),
        recommender: text(&c.recommender),
        filled_by: text(&c.filled_by),
        phone: text(&c.phone),
        year: date.map(|d| d.year.to_string()).unwrap_or_default(),
        month: date.map(|d| d.month.to_string()).unwrap_or_default(),
        day: date.and_then(|d| d.day).map(|d| d.to_string()).unwrap_or_default(),
    }
}

fn counts(c: &MemberCounts) -> Counts {
    Counts {
        total: c.total.unwrap_or_else(|| c.sum()).to_string(),
        enterprise: c.enterprise.to_string(),
        university: c.university.to_string(),
        institute: c.institute.to_string(),
        association: c.association.to_string(),
        other: c.other.to_string(),
    }
}

fn summary_view(a: &Alliance, s: &Summary) -> SummaryView {
    let at_recognition = match &a.members_at_recognition {
        Some(c) => counts(c),
        None => Counts {
            total: NONE.into(),
            enterprise: NONE.into(),
            university: NONE.into(),
            institute: NONE.into(),
            association: NONE.into(),
            other: NONE.into(),
        },
    };
    let hosted = a.hosted_events;
    let has = |c: FundingChannel| a.funding_channels.contains(&c);
    let p = &s.projects;
    SummaryView {
        name: text(&a.name),
        field: text(&a.field),
        lead_unit: text(&a.lead_unit),
        standing_body: text(&a.standing_body),
        standing_body_address: text(&a.standing_body_address),
        standing_body_postcode: text(&a.standing_body_postcode),
        contact: text(&a.contact),
        phone: text(&a.phone),
        fax: text(&a.fax),
        chairman: text(&a.chairman),
        chairman_unit: text(&a.chairman_unit),
        secretary_general: text(&a.secretary_general),
        secretary_general_unit: text(&a.secretary_general_unit),
        address: text(&a.address),
        postcode: text(&a.postcode),
        office_contact: text(&a.office_contact),
        office_phone: text(&a.office_phone),
        mobile: text(&a.mobile),
        office_fax: text(&a.office_fax),
        email: text(&a.email),
        recognized_on: or_none(a.recognized_on),
        level_national: a.level == Some(AllianceLevel::National),
        level_provincial: a.level == Some(AllianceLevel::Provincial),
        member_rows: vec![
            MemberCountRow { label: "认定时联盟成员单位（个）", counts: at_recognition },
            MemberCountRow { label: "目前联盟成员单位（个）", counts: counts(&s.members_now) },
        ],
        secretariat_staff: or_none(a.secretariat_staff),
        office_area: or_none(a.office_area),
        annual_budget: or_none(a.annual_budget),
        channels: Channels {
            lead_unit: has(FundingChannel::LeadUnit),
            fees: has(FundingChannel::Fees),
            shared: has(FundingChannel::Shared),
            other: has(FundingChannel::Other),
        },
        exchange_events: or_none(a.exchange_events),
        market_events: or_none(a.market_events),
        hosted: Hosted {
            total: or_none(hosted.map(|h| h.total)),
            national: or_none(hosted.map(|h| h.national)),
            provincial: or_none(hosted.map(|h| h.provincial)),
        },
        research_reports: or_none(a.research_reports),
        platforms: Platforms {
            total: s.platforms.total.to_string(),
            national: s.platforms.national.to_string(),
            provincial: s.platforms.provincial.to_string(),
            municipal: s.platforms.municipal.to_string(),
        },
        platform_uses: or_none(a.platform_uses),
        projects: Projects {
            count: p.count.to_string(),
            funds: p.funds.display(),
            national: p.national.count.to_string(),
            national_funds: p.national.public_funds.display(),
            provincial: p.provincial.count.to_string(),
            provincial_funds: p.provincial.public_funds.display(),
            municipal: p.municipal.count.to_string(),
            municipal_funds: p.municipal.public_funds.display(),
        },
        ip_rows: ip_rows(&s.ip),
        ip_shared: or_none(a.ip_shared),
        transfer_activities: or_none(a.transfer_activities),
    }
}

/// The grid in the form's three rows: patents (3), other rights (4),
/// standards (4).
fn ip_rows(grid: &IpGrid) -> Vec<Vec<IpCell>> {
    let cells = grid.cells();
    let cell = |i: usize, span: u32| {
        let (kind, first_label, second_label) = IP_KINDS[i];
        IpCell {
            label: format!("{kind}（项）"),
            span,
            first_label,
            first: cells[i].0.to_string(),
            second_label,
            second: cells[i].1.to_string(),
        }
    };
    vec![
        (0..3).map(|i| cell(i, 4)).collect(),
        (3..7).map(|i| cell(i, 3)).collect(),
        (7..11).map(|i| cell(i, 3)).collect(),
    ]
}

fn tables(r: &Report, refs: &BTreeMap<(Table, usize), String>) -> Tables {
    // The row's 序号, its cells, and the evidence that supports it (if the
    // report shows it) on a line of its own under the row's name.
    let row = |table: u8| {
        move |i: usize, mut cells: Vec<String>| {
            if let Some(refs) = refs.get(&(Table::T(table), i)) {
                cells[0] = format!("{}\n（{refs}）", cells[0]);
            }
            let mut row = vec![(i + 1).to_string()];
            row.extend(cells);
            row
        }
    };
    Tables {
        projects: r
            .projects
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let name = match p.number.as_deref().map(str::trim) {
                    Some(n) if !n.is_empty() => format!("{}\n（{n}）", text(&p.name)),
                    _ => format!("{}\n（编号：无）", text(&p.name)),
                };
                let count = p.partner_count.unwrap_or(p.partners.len() as u32);
                row(1)(
                    i,
                    vec![
                        name,
                        or_none(p.started),
                        or_none(p.source.map(|s| s.label())),
                        text(&p.lead_unit),
                        list(&p.partners),
                        count.to_string(),
                        or_none(p.total_investment),
                        or_none(p.public_funds),
                        or_none(p.status.map(|s| s.label())),
                    ],
                )
            })
            .collect(),
        transfers: r
            .transfers
            .iter()
            .enumerate()
            .map(|(i, t)| {
                row(2)(
                    i,
                    vec![
                        text(&t.name),
                        or_none(t.source.map(|s| s.label())),
                        text(&t.applied_by),
                        or_none(t.method.map(|m| m.label())),
                        or_none(t.output_value),
                        or_none(t.profit),
                        or_none(t.tax),
                        or_none(t.export_usd),
                        text(&t.benefits),
                    ],
                )
            })
            .collect(),
        achievements: r
            .achievements
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let remark = [a.stage.as_deref(), a.note.as_deref()]
                    .into_iter()
                    .flatten()
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join("；");
                row(3)(
                    i,
                    vec![
                        text(&a.name),
                        text(&a.kind),
                        text(&a.number),
                        or_none(a.completed),
                        list(&a.people),
                        list(&a.units),
                        if remark.is_empty() { NONE.to_owned() } else { remark },
                    ],
                )
            })
            .collect(),
        events: r
            .events
            .iter()
            .enumerate()
            .map(|(i, e)| {
                row(4)(
                    i,
                    vec![
                        text(&e.name),
                        text(&e.organizer),
                        or_none(e.date),
                        text(&e.place),
                        or_none(e.member_units),
                        or_none(e.other_units),
                        or_none(e.attendees),
                    ],
                )
            })
            .collect(),
        platforms: r
            .platforms
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let mark = |level| if p.level == Some(level) { "√" } else { "" }.to_owned();
                row(5)(
                    i,
                    vec![
                        text(&p.name),
                        or_none(p.started),
                        or_none(p.completed),
                        mark(PlatformLevel::National),
                        mark(PlatformLevel::Provincial),
                        mark(PlatformLevel::Municipal),
                        text(&p.builder),
                    ],
                )
            })
            .collect(),
    }
}

/// The supported rows of 五 and 表1–表5, each with the numbers of the items
/// that support it: "见附件 4-1、5-2".
fn evidence_refs(report: &Report) -> BTreeMap<(Table, usize), String> {
    let numbers = evidence::number(&report.evidence.items);
    let mut refs: BTreeMap<(Table, usize), Vec<&str>> = BTreeMap::new();
    for (item, no) in report.evidence.items.iter().zip(&numbers) {
        let Some(no) = no else { continue };
        for target in &item.supports {
            if let Ok(Target::Row(table, row)) = Target::parse(target, report) {
                let list = refs.entry((table, row)).or_default();
                if !list.contains(&no.as_str()) {
                    list.push(no);
                }
            }
        }
    }
    refs.into_iter().map(|(k, v)| (k, format!("见附件 {}", v.join("、")))).collect()
}

/// The index of 九 and the pages of every item, in the order of the kinds.
fn evidence(report: &Report, attachments: &Attachments) -> EvidenceView {
    let items = &report.evidence.items;
    let numbers = evidence::number(items);
    let supports = |item: &EvidenceItem| -> Vec<String> {
        item.supports.iter().filter_map(|t| Target::parse(t, report).ok()).map(|t| t.label()).collect()
    };
    let mut index = Vec::new();
    let mut views = Vec::new();
    for (k, kind) in (1u8..).zip(form::EVIDENCE_KINDS) {
        let kind = format!("（{k}）{}", kind.trim_end_matches('。'));
        let of_kind: Vec<(&EvidenceItem, &str)> = items
            .iter()
            .zip(&numbers)
            .filter(|(item, _)| item.kind == Some(k))
            .filter_map(|(item, no)| Some((item, no.as_deref()?)))
            .collect();
        let absent = report
            .evidence
            .absent
            .iter()
            .find(|a| a.kind == Some(k))
            .map(|a| format!("{NONE}（{}）", text(&a.reason)))
            .unwrap_or_default();
        let entries: Vec<EvidenceEntry> = of_kind
            .iter()
            .map(|(item, no)| EvidenceEntry {
                no: (*no).to_owned(),
                title: text(&item.title),
                supports: supports(item),
            })
            .collect();
        for (n, ((item, _), entry)) in of_kind.iter().zip(&entries).enumerate() {
            views.push(EvidenceItemView {
                no: entry.no.clone(),
                title: entry.title.clone(),
                supports: entry.supports.clone(),
                kind: (n == 0).then(|| kind.clone()),
                pages: evidence_pages(item, attachments),
                place: format!("evidence/evidence.yaml｜九、相关印证材料 附件 {}", entry.no),
            });
        }
        index.push(EvidenceGroup {
            kind: kind.clone(),
            items: entries,
            absent: if of_kind.is_empty() && absent.is_empty() { NONE.to_owned() } else { absent },
        });
    }
    EvidenceView { index, items: views }
}

/// The pages an item prints on: every page of its PDFs, every image; a
/// placeholder for each file that cannot be printed (only a draft gets
/// this far with one), and for an item without files.
fn evidence_pages(item: &EvidenceItem, attachments: &Attachments) -> Vec<EvidencePage> {
    let placeholder = |source: &str| EvidencePage {
        path: String::new(),
        source: source.to_owned(),
        format: "",
        page: 0,
        ratio: 210.0 / 297.0,
        landscape: false,
    };
    let mut pages = Vec::new();
    for source in &item.files {
        let Some(Ok(attachment)) = attachments.get(source) else {
            pages.push(placeholder(source));
            continue;
        };
        let path = format!("/{}", source.trim_start_matches("./"));
        for (i, (w, h)) in attachment.pages.iter().enumerate() {
            pages.push(EvidencePage {
                path: path.clone(),
                source: source.clone(),
                format: attachment.format.typst_name(),
                page: i + 1,
                ratio: w / h,
                landscape: w > h,
            });
        }
    }
    if pages.is_empty() {
        pages.push(placeholder(""));
    }
    pages
}
