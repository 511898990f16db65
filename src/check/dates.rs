//! The time window of 填写说明 二.4: the tables count from 认定时间 to the end
//! of the report's end year (2024 in the 2025 edition of the form). Every
//! date field of every table is judged; a platform is built after it starts.

use super::Checker;
use crate::diag::Rule;
use crate::form::{self, Kind};
use crate::model::Date;

pub(super) fn check(c: &mut Checker) {
    let report = c.report;
    let end = report.end_year;
    let start = report.info.group("alliance").and_then(|a| a.date("recognized_on"));
    for rows in &report.tables {
        for row in rows {
            for field in row.fields.iter().filter(|f| matches!(f.kind, Kind::Date)) {
                let Some(date) = row.date(field.key) else { continue };
                let label = field.label.split('（').next().unwrap_or(field.label);
                if date.year > end {
                    c.error(
                        Rule::Dates,
                        row,
                        field.key,
                        format!("{label} {date} 晚于 {end} 年底"),
                        format!(
                            "表内数据截止到 {end} 年底（填写说明二.4），{} 年以后的内容不填入本报告",
                            end + 1
                        ),
                    );
                } else if let Some(start) = start.filter(|s| before(date, *s)) {
                    c.error(
                        Rule::Dates,
                        row,
                        field.key,
                        format!("{label} {date} 早于联盟认定时间 {start}"),
                        "表内数据自认定之日起填写（填写说明二.4）；认定前的内容不填入本报告",
                    );
                }
            }
        }
    }
    for row in report.rows(&form::PLATFORMS) {
        if let (Some(s), Some(e)) = (row.date("started"), row.date("completed"))
            && before(e, s)
        {
            c.error(
                Rule::Dates,
                row,
                "completed",
                format!("建成时间 {e} 早于启动建设时间 {s}"),
                "请核对两个时间",
            );
        }
    }
}

/// Whether `date` lies before `start`, comparing only as precisely as both
/// are written (a year-month is not before a day of the same month).
fn before(date: Date, start: Date) -> bool {
    match (date.day, start.day) {
        (Some(d), Some(s)) => (date.year, date.month, d) < (start.year, start.month, s),
        _ => (date.year, date.month) < (start.year, start.month),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_year_month_is_not_before_a_day_of_the_same_month() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        assert!(!before(d("2019-11"), d("2019-11-20")));
        assert!(before(d("2019-11-19"), d("2019-11-20")));
        assert!(before(d("2019-10"), d("2019-11-20")));
    }
}
