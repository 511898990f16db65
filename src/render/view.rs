//! The view of a report that the templates read: every value already a
//! display string ("无" where the report has nothing), so that templates only
//! lay out and never format.

use serde::Serialize;

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
    pub evidence: Vec<EvidenceGroup>,
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
    /// The answer as typst markup, converted from Markdown.
    pub body: String,
}

#[derive(Debug, Serialize)]
pub struct MemberRow {
    pub no: String,
    pub name: String,
    pub code: String,
    pub role: String,
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

#[derive(Debug, Serialize)]
pub struct EvidenceGroup {
    pub no: String,
    pub kind: &'static str,
    pub items: Vec<EvidenceEntry>,
}

#[derive(Debug, Serialize)]
pub struct EvidenceEntry {
    pub no: String,
    pub title: String,
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

/// Builds the view; `answers` holds the converted typst of each section's
/// answers, in the order of `report.sections`.
pub fn build(report: &Report, summary: &Summary, answers: Vec<Vec<Option<String>>>, draft: bool) -> View {
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
                    .map(|(prompt, body)| PromptView {
                        text: prompt.text,
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
            })
            .collect(),
        tables: tables(report),
        opinions: OpinionsView {
            lead_unit: report.info.opinions.lead_unit.clone().filter(|s| !s.trim().is_empty()),
            recommender: report.info.opinions.recommender.clone().filter(|s| !s.trim().is_empty()),
        },
        evidence: evidence(&report.evidence),
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

fn tables(r: &Report) -> Tables {
    let numbered = |i: usize, cells: Vec<String>| {
        let mut row = vec![(i + 1).to_string()];
        row.extend(cells);
        row
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
                numbered(
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
                numbered(
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
                numbered(
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
                numbered(
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
                numbered(
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

fn evidence(items: &[EvidenceItem]) -> Vec<EvidenceGroup> {
    form::EVIDENCE_KINDS
        .iter()
        .enumerate()
        .map(|(k, kind)| EvidenceGroup {
            no: (k + 1).to_string(),
            kind,
            items: items
                .iter()
                .filter(|item| item.kind.map(usize::from) == Some(k + 1))
                .enumerate()
                .map(|(i, item)| EvidenceEntry {
                    no: format!("{}-{}", k + 1, i + 1),
                    title: text(&item.title),
                })
                .collect(),
        })
        .collect()
}
