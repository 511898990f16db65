//! The pages before 一: the cover, its lines filled from `report.yaml`,
//! and 填写说明, verbatim for the report's edition.

use super::shown;
use crate::form::{self, COVER_DATE, COVER_LINES, CoverValue, EVIDENCE_KINDS};
use crate::model::{Record, Report};

/// The cover.
#[derive(Debug, Clone, PartialEq)]
pub struct Cover {
    /// Each label with the value on its line (无 where the report has
    /// none), in the form's order (see [`form::COVER_LINES`]).
    pub lines: Vec<(&'static str, String)>,
    /// The year, month and day of 填报日期; empty where the report has
    /// none, so that the line stays blank to fill in by hand.
    pub date: [String; 3],
    /// The edition's date under 山西省科学技术厅制: 二〇二五年七月.
    pub issued: &'static str,
}

/// 填写说明: the words of the edition.
#[derive(Debug, Clone, PartialEq)]
pub struct Instructions {
    /// 二、填写要求 1–5.
    pub requirements: Vec<String>,
    /// The nine kinds of evidence under requirement 5: （1）举办….
    pub kinds: Vec<String>,
}

pub(super) fn cover(report: &Report) -> Cover {
    let empty = |spec: &'static [form::Field], key: &str| {
        Record::empty(form::REPORT.path, spec, Default::default(), key.into())
    };
    let (no_alliance, no_cover) = (empty(&form::ALLIANCE, "alliance"), empty(&form::COVER, "cover"));
    let alliance = report.info.group("alliance").unwrap_or(&no_alliance);
    let cover = report.info.group("cover").unwrap_or(&no_cover);
    let lines = COVER_LINES
        .iter()
        .map(|line| {
            let value = match line.value {
                CoverValue::Alliance(key) => shown(alliance, key),
                CoverValue::Cover(key) => shown(cover, key),
            };
            (line.label, value)
        })
        .collect();
    let date = cover.date(COVER_DATE.1);
    Cover {
        lines,
        date: [
            date.map(|d| d.year.to_string()).unwrap_or_default(),
            date.map(|d| d.month.to_string()).unwrap_or_default(),
            date.and_then(|d| d.day).map(|d| d.to_string()).unwrap_or_default(),
        ],
        issued: report.edition.issued,
    }
}

pub(super) fn instructions(report: &Report) -> Instructions {
    Instructions {
        requirements: form::requirements(report.end_year).to_vec(),
        kinds: EVIDENCE_KINDS.iter().enumerate().map(|(i, k)| format!("（{}）{k}", i + 1)).collect(),
    }
}
