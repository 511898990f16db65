//! Scalar value types of the form: dates, year-months, amounts in 万元, counts.
//!
//! Each parses from the ways people actually write it in YAML and prints the
//! way the form prints it.

use std::fmt;
use std::str::FromStr;

/// A calendar date or a year-month (`2023-03-15`, `2023-03`, `2023年3月15日`,
/// `2023年3月`, `2023.3`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    /// `None` for a year-month.
    pub day: Option<u8>,
}

impl Date {
    /// The form's way of writing it: `2023年3月15日` or `2023年3月`.
    pub fn chinese(&self) -> String {
        match self.day {
            Some(day) => format!("{}年{}月{}日", self.year, self.month, day),
            None => format!("{}年{}月", self.year, self.month),
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.chinese())
    }
}

/// Why a text is not a date, in the words of the form's users.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError(pub String);

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for Date {
    type Err = DateError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bad = || DateError(format!("“{text}”不是有效的日期：请写成 2023-03-15 或 2023-03（年-月）"));
        let trimmed = text.trim().trim_end_matches('日');
        let parts: Vec<&str> = trimmed.split(['-', '年', '月', '.', '/']).filter(|p| !p.is_empty()).collect();
        let number = |s: &str| s.trim().parse::<u32>().ok();
        let (year, month, day) = match parts.as_slice() {
            [y, m] => (number(y), number(m), None),
            [y, m, d] => (number(y), number(m), Some(number(d).ok_or_else(bad)?)),
            _ => return Err(bad()),
        };
        let (year, month) = (year.ok_or_else(bad)?, month.ok_or_else(bad)?);
        if !(1900..=2999).contains(&year) || !(1..=12).contains(&month) {
            return Err(bad());
        }
        if let Some(day) = day
            && (day == 0 || day > days_in_month(year as i32, month as u8) as u32)
        {
            return Err(bad());
        }
        Ok(Date { year: year as i32, month: month as u8, day: day.map(|d| d as u8) })
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// An amount of money in hundredths (of 万元, or of 美元 for 创汇), exact so
/// that sums agree with what people add up by hand.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Amount(pub i64);

impl Amount {
    /// Parses `1200`, `1200.5`, `1200.25`; more than two decimals or a negative
    /// amount is an error.
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim().replace([',', '，'], "");
        let bad = || format!("“{text}”不是有效的金额：请写不带单位的非负数，最多两位小数，例如 1200.50");
        let (whole, frac) = text.split_once('.').unwrap_or((&text, ""));
        if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        if frac.len() > 2 || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let whole: i64 = whole.parse().map_err(|_| bad())?;
        let frac: i64 = format!("{frac:0<2}").parse().map_err(|_| bad())?;
        whole.checked_mul(100).and_then(|w| w.checked_add(frac)).map(Amount).ok_or_else(bad)
    }

    /// Prints without trailing zeros: `1200`, `1200.5`, `1200.25`.
    pub fn display(&self) -> String {
        let (whole, frac) = (self.0 / 100, self.0 % 100);
        match frac {
            0 => whole.to_string(),
            f if f % 10 == 0 => format!("{whole}.{}", f / 10),
            f => format!("{whole}.{f:02}"),
        }
    }
}

impl std::ops::Add for Amount {
    type Output = Amount;
    fn add(self, other: Amount) -> Amount {
        Amount(self.0.saturating_add(other.0))
    }
}

impl std::iter::Sum for Amount {
    fn sum<I: Iterator<Item = Amount>>(iter: I) -> Amount {
        iter.fold(Amount(0), |a, b| a + b)
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_dates_in_the_usual_spellings() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        assert_eq!(d("2023-03-15"), Date { year: 2023, month: 3, day: Some(15) });
        assert_eq!(d("2023年3月15日"), d("2023-03-15"));
        assert_eq!(d("2023-03"), Date { year: 2023, month: 3, day: None });
        assert_eq!(d("2023年3月"), d("2023.3"));
        assert_eq!(d("2024-02-29").chinese(), "2024年2月29日");
    }

    #[test]
    fn rejects_impossible_dates() {
        for bad in ["2023-02-29", "2023-13", "2023", "三月", "2023-03-00"] {
            assert!(bad.parse::<Date>().is_err(), "{bad}");
        }
    }

    #[test]
    fn amounts_are_exact_hundredths() {
        assert_eq!(Amount::parse("1200.5").unwrap().display(), "1200.5");
        assert_eq!(Amount::parse("0.25").unwrap(), Amount(25));
        assert_eq!(Amount::parse("3").unwrap().display(), "3");
        let sum: Amount = ["0.1", "0.2"].iter().map(|s| Amount::parse(s).unwrap()).sum();
        assert_eq!(sum.display(), "0.3");
    }

    #[test]
    fn rejects_amounts_with_three_decimals_or_a_sign() {
        for bad in ["0.125", "-3", "12万", ""] {
            assert!(Amount::parse(bad).is_err(), "{bad}");
        }
    }
}
