//! The time window of 填写说明 二.4: the tables count from 认定时间 to the end
//! of the report's end year (2024 in the 2025 edition of the form).

use super::Checker;
use crate::load::TABLE_FILES;
use crate::model::Date;

pub(super) fn check(c: &mut Checker) {
    let r = c.report;
    let end = r.info.end_year;
    let start = r.info.alliance.recognized_on;
    let mut dates: Vec<(&'static str, String, &str, Date)> = Vec::new();
    let mut push = |file, path: String, label, date: Option<Date>| {
        if let Some(d) = date {
            dates.push((file, path, label, d));
        }
    };
    for (i, p) in r.projects.iter().enumerate() {
        push(TABLE_FILES[0], format!("projects[{i}].started"), "立项时间", p.started);
    }
    for (i, a) in r.achievements.iter().enumerate() {
        push(TABLE_FILES[2], format!("achievements[{i}].completed"), "完成时间", a.completed);
    }
    for (i, e) in r.events.iter().enumerate() {
        push(TABLE_FILES[3], format!("events[{i}].date"), "举办时间", e.date);
    }
    for (i, p) in r.platforms.iter().enumerate() {
        push(TABLE_FILES[4], format!("platforms[{i}].started"), "启动建设时间", p.started);
        push(TABLE_FILES[4], format!("platforms[{i}].completed"), "建成时间", p.completed);
    }
    for (file, path, label, date) in dates {
        if date.year > end {
            c.error(
                file,
                &path,
                format!("{label} {date} 晚于 {end} 年底"),
                format!("表内数据截止到 {end} 年底（填写说明二.4），{} 年以后的内容不填入本报告", end + 1),
            );
        } else if let Some(start) = start.filter(|s| before(date, *s)) {
            c.error(
                file,
                &path,
                format!("{label} {date} 早于联盟认定时间 {start}"),
                "表内数据自认定之日起填写（填写说明二.4）；认定前的内容不填入本报告",
            );
        }
    }
    for (i, p) in r.platforms.iter().enumerate() {
        if let (Some(s), Some(e)) = (p.started, p.completed)
            && before(e, s)
        {
            c.error(
                TABLE_FILES[4],
                &format!("platforms[{i}].completed"),
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
