//! Just enough calendar for relative dates: day arithmetic, month lengths
//! and ISO weeks, on the proleptic Gregorian calendar.

use std::fmt;

/// A calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Day {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Day {
    /// A valid day, or `None`.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Day> {
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month))
            .then_some(Day { year, month, day })
    }

    /// Parses `YYYY-MM-DD`, or the date part of an ISO 8601 date-time.
    pub fn parse_iso(s: &str) -> Option<Day> {
        let s = s.trim();
        let date = s.get(..10)?;
        if !(s.len() == 10 || s[10..].starts_with(['T', 't', ' '])) {
            return None;
        }
        let b = date.as_bytes();
        if b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let year = date[..4].parse().ok()?;
        let month = date[5..7].parse().ok()?;
        let day = date[8..10].parse().ok()?;
        Day::new(year, month, day)
    }

    /// Days since 1970-01-01.
    pub fn to_days(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    pub fn from_days(z: i64) -> Day {
        let z = z + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Day { year, month, day }
    }

    pub fn add_days(self, n: i64) -> Day {
        Day::from_days(self.to_days() + n)
    }

    /// The same day `n` months later (clamped to the month's end).
    pub fn add_months(self, n: i64) -> Day {
        let total = i64::from(self.year) * 12 + i64::from(self.month) - 1 + n;
        let year = total.div_euclid(12) as i32;
        let month = (total.rem_euclid(12) + 1) as u32;
        Day {
            year,
            month,
            day: self.day.min(days_in_month(year, month)),
        }
    }

    /// ISO 8601 week: (week-based year, week number).
    pub fn iso_week(self) -> (i32, u32) {
        // Monday = 0.
        let weekday = (self.to_days() + 3).rem_euclid(7);
        let thursday = self.add_days(3 - weekday);
        let jan1 = Day {
            year: thursday.year,
            month: 1,
            day: 1,
        };
        let week = (thursday.to_days() - jan1.to_days()) / 7 + 1;
        (thursday.year, week as u32)
    }
}

pub fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_arithmetic_round_trips() {
        let d = Day::new(2025, 5, 9).unwrap();
        assert_eq!(Day::from_days(d.to_days()), d);
        assert_eq!(d.add_days(1).to_string(), "2025-05-10");
        assert_eq!(
            Day::new(2024, 12, 31).unwrap().add_days(1).to_string(),
            "2025-01-01"
        );
        assert_eq!(
            Day::new(2024, 3, 1).unwrap().add_days(-1).to_string(),
            "2024-02-29"
        );
        assert_eq!(
            Day::new(2025, 1, 31).unwrap().add_months(1).to_string(),
            "2025-02-28"
        );
        assert_eq!(Day::new(1970, 1, 1).unwrap().to_days(), 0);
    }

    #[test]
    fn iso_weeks() {
        assert_eq!(Day::new(2025, 5, 9).unwrap().iso_week(), (2025, 19));
        assert_eq!(Day::new(2021, 1, 3).unwrap().iso_week(), (2020, 53));
        assert_eq!(Day::new(2024, 12, 30).unwrap().iso_week(), (2025, 1));
    }

    #[test]
    fn parses_dates_and_date_times() {
        assert_eq!(Day::parse_iso("2025-05-09"), Day::new(2025, 5, 9));
        assert_eq!(Day::parse_iso("2025-05-09T12:00:00Z"), Day::new(2025, 5, 9));
        assert_eq!(Day::parse_iso("2025-02-30"), None);
        assert_eq!(Day::parse_iso("09.05.2025"), None);
    }
}
