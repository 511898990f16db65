//! 一、联盟简况 for the template: every field of `alliance` by its key, as
//! printed and cut into pieces (a typst array, see [`Pieces`]), and the composite cells (the member counts, the tick boxes, the
//! figures derived from the tables).

use serde_json::{Map, Value as Json, json};

use super::cells::Pieces;
use super::{NONE, shown};
use crate::form::{self, ACHIEVEMENT_KINDS, IP_KINDS, Kind};
use crate::model::{Record, Value};
use crate::summary::{MemberCounts, Summary, member_counts};

pub(super) fn view(a: &Record, s: &Summary) -> Json {
    let mut map = Map::new();
    for field in a.fields {
        if matches!(field.kind, Kind::Group(_) | Kind::Choices(_)) {
            continue;
        }
        // Cut into pieces, as cells of the tables are: a value never leaves
        // one character alone on a line (the 层 of an address).
        map.insert(field.key.into(), Json::String(Pieces::of(&shown(a, field.key)).typst()));
    }
    // 级别: a tick box per word.
    for (word, key) in a.field("level").words().iter().zip(["level_national", "level_provincial"]) {
        map.insert(key.into(), Json::Bool(a.text("level") == Some(word)));
    }
    // 筹集渠道: a tick box per word.
    let chosen = a.texts("funding_channels");
    let channels: Map<String, Json> = a
        .field("funding_channels")
        .words()
        .iter()
        .zip(["lead_unit", "fees", "shared", "other"])
        .map(|(word, key)| (key.to_owned(), Json::Bool(chosen.contains(word))))
        .collect();
    map.insert("channels".into(), Json::Object(channels));
    let at_recognition = a.group("members_at_recognition").map(member_counts);
    map.insert(
        "member_rows".into(),
        json!([
            { "label": a.field("members_at_recognition").label, "counts": counts(at_recognition) },
            { "label": a.field("members_now").label, "counts": counts(Some(s.members_now)) },
        ]),
    );
    let hosted = |key: &str| match a.group("hosted_events") {
        Some(h) if matches!(h.get("total"), Some(Value::Count(_))) => h.count_or_zero(key).to_string(),
        _ => NONE.to_owned(),
    };
    map.insert(
        "hosted".into(),
        json!({ "total": hosted("total"), "national": hosted("national"), "provincial": hosted("provincial") }),
    );
    let p = &s.platforms;
    map.insert(
        "platforms".into(),
        json!({
            "total": p.total.to_string(),
            "national": p.by_level[0].to_string(),
            "provincial": p.by_level[1].to_string(),
            "municipal": p.by_level[2].to_string(),
        }),
    );
    let pr = &s.projects;
    map.insert(
        "projects".into(),
        json!({
            "count": pr.count.to_string(),
            "funds": pr.funds.display(),
            "national": pr.levels[0].0.to_string(),
            "national_funds": pr.levels[0].1.display(),
            "provincial": pr.levels[1].0.to_string(),
            "provincial_funds": pr.levels[1].1.display(),
            "municipal": pr.levels[2].0.to_string(),
            "municipal_funds": pr.levels[2].1.display(),
        }),
    );
    map.insert("ip_rows".into(), ip_rows(s));
    Json::Object(map)
}

/// Member counts as printed: 无 everywhere when there are none.
fn counts(c: Option<MemberCounts>) -> Json {
    let keys = form::report_member_count_keys();
    let mut map = Map::new();
    match c {
        Some(c) => {
            map.insert("total".into(), Json::String(c.total.to_string()));
            for (key, n) in keys.iter().zip(c.by_type) {
                map.insert((*key).into(), Json::String(n.to_string()));
            }
        }
        None => {
            map.insert("total".into(), Json::String(NONE.into()));
            for key in keys {
                map.insert(key.into(), Json::String(NONE.into()));
            }
        }
    }
    Json::Object(map)
}

/// The grid in the form's three rows: patents (3), other rights (4),
/// standards (4).
fn ip_rows(s: &Summary) -> Json {
    let cell = |i: usize, span: u32| {
        let kind = &ACHIEVEMENT_KINDS[IP_KINDS[i]];
        json!({
            "label": format!("{}（项）", kind.name),
            "span": span,
            "first_label": kind.first,
            "first": s.ip.cells[i].0.to_string(),
            "second_label": kind.second,
            "second": s.ip.cells[i].1.to_string(),
        })
    };
    json!([
        (0..3).map(|i| cell(i, 4)).collect::<Vec<_>>(),
        (3..7).map(|i| cell(i, 3)).collect::<Vec<_>>(),
        (7..11).map(|i| cell(i, 3)).collect::<Vec<_>>(),
    ])
}
