//! The web interface's words, numbers and dates in English, Urdu, Pashto and Dari (the last
//! three right-to-left). Labels are Fluent messages in `locales/<code>/jirga.ftl`, embedded in
//! the binary so that an air-gapped sector HQ needs no files beside it. English is the
//! reference: a message missing elsewhere falls back to it, and the tests require every locale
//! to have the same messages with the same variables.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Timelike};
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentError, FluentResource};
use unic_langid::LanguageIdentifier;

pub use fluent_bundle::FluentValue;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Locale {
    En,
    Ur,
    Ps,
    Prs,
}

impl Locale {
    pub const ALL: [Locale; 4] = [Locale::En, Locale::Ur, Locale::Ps, Locale::Prs];

    /// The code in URLs, cookies and `locales/`.
    pub fn code(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Ur => "ur",
            Locale::Ps => "ps",
            Locale::Prs => "prs",
        }
    }

    /// The tag for `<html lang>`, and for Fluent's plural rules. Dari is `fa-AF`: `prs` is valid
    /// BCP 47, but CLDR replaces it with `fa-AF`, and browsers, fonts and screen readers (and
    /// the plural rules) know Dari only under that name.
    pub fn html_lang(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Ur => "ur-PK",
            Locale::Ps => "ps-AF",
            Locale::Prs => "fa-AF",
        }
    }

    pub fn is_rtl(self) -> bool {
        self != Locale::En
    }

    /// For `<html dir>`.
    pub fn dir(self) -> &'static str {
        if self.is_rtl() {
            "rtl"
        } else {
            "ltr"
        }
    }

    /// The language's own name, for the language switcher: a reader looks for their language
    /// written in it, whatever the page's language is.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::Ur => "اردو",
            Locale::Ps => "پښتو",
            Locale::Prs => "دری",
        }
    }

    /// One language tag (`ur`, `ur-PK`, `fa-AF`, `prs`…) to a locale, if one fits.
    pub fn parse(tag: &str) -> Option<Locale> {
        let id: LanguageIdentifier = tag.trim().parse().ok()?;
        match id.language.as_str() {
            "en" => Some(Locale::En),
            "ur" => Some(Locale::Ur),
            // pbt, pbu and pst are the ISO 639-3 codes of the Southern, Northern and Central
            // Pashto varieties; they share the written standard.
            "ps" | "pbt" | "pbu" | "pst" => Some(Locale::Ps),
            // Dari is Afghan Persian: fa-AF by CLDR. A reader of Iranian Persian (fa, fa-IR)
            // also reads Dari far better than English, so every fa goes to Dari.
            "prs" | "fa" => Some(Locale::Prs),
            _ => None,
        }
    }

    /// The best locale for an `Accept-Language` header (RFC 9110): the supported language with
    /// the highest weight, the first one listed on a tie; English when none is supported.
    pub fn from_accept_language(header: &str) -> Locale {
        let mut best: Option<(f32, Locale)> = None;
        for range in header.split(',') {
            let mut parts = range.split(';');
            let Some(locale) = parts.next().and_then(Locale::parse) else {
                continue;
            };
            let weight = parts
                .find_map(|p| p.trim().strip_prefix("q=").or_else(|| p.trim().strip_prefix("Q=")))
                .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok());
            // q=0 means "not acceptable"; an unreadable weight is ignored rather than guessed.
            let Some(weight) = weight.filter(|w| *w > 0.0) else {
                continue;
            };
            if best.is_none_or(|(w, _)| weight > w) {
                best = Some((weight, locale));
            }
        }
        best.map_or(Locale::En, |(_, locale)| locale)
    }

    fn index(self) -> usize {
        self as usize
    }

    fn source(self) -> &'static str {
        match self {
            Locale::En => include_str!("../../locales/en/jirga.ftl"),
            Locale::Ur => include_str!("../../locales/ur/jirga.ftl"),
            Locale::Ps => include_str!("../../locales/ps/jirga.ftl"),
            Locale::Prs => include_str!("../../locales/prs/jirga.ftl"),
        }
    }
}

/// Every locale's messages, parsed once at start; shared by all requests (Send + Sync).
pub struct Catalog {
    bundles: Vec<FluentBundle<FluentResource>>,
}

impl Default for Catalog {
    fn default() -> Self {
        Catalog::new()
    }
}

impl Catalog {
    pub fn new() -> Catalog {
        Catalog::with_sources(Locale::ALL.map(Locale::source))
    }

    fn with_sources(sources: [&str; 4]) -> Catalog {
        let bundles = Locale::ALL.iter().zip(sources).map(|(l, s)| bundle(*l, s)).collect();
        Catalog { bundles }
    }

    /// The message `key` in `locale`, else in English, else the key itself: a page with an
    /// untranslated label is better than a page that fails. Number arguments are formatted for
    /// the locale; string arguments (a member's name, a formatted date) are wrapped in Unicode
    /// isolates (FSI…PDI) so that text in one direction cannot reorder the label around it.
    pub fn text(&self, locale: Locale, key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        for l in [locale, Locale::En] {
            if let Some((text, errors)) = self.format(l, key, args) {
                if !errors.is_empty() {
                    tracing::warn!(key, locale = l.code(), ?errors, "message formatted with errors");
                }
                return text;
            }
        }
        tracing::warn!(key, locale = locale.code(), "no such message");
        key.to_owned()
    }

    fn format(
        &self,
        locale: Locale,
        key: &str,
        args: &[(&str, FluentValue<'_>)],
    ) -> Option<(String, Vec<FluentError>)> {
        let bundle = &self.bundles[locale.index()];
        let pattern = bundle.get_message(key)?.value()?;
        let mut fluent_args = FluentArgs::with_capacity(args.len());
        for (name, value) in args {
            fluent_args.set(*name, value.clone());
        }
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
        Some((text.into_owned(), errors))
    }
}

fn bundle(locale: Locale, source: &str) -> FluentBundle<FluentResource> {
    // A syntax error drops only the broken entries (they fall back to English); the tests keep
    // the files clean, and a server that starts beats one that refuses over a label.
    let resource = FluentResource::try_new(source.to_owned()).unwrap_or_else(|(r, errors)| {
        tracing::error!(locale = locale.code(), ?errors, "errors in the locale's messages");
        r
    });
    let id: LanguageIdentifier = locale.html_lang().parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // Fluent writes numbers with Western digits and no grouping; ours follow the locale. The
    // formatter is a plain fn pointer, hence one closure per locale.
    match locale {
        Locale::En => bundle.set_formatter(Some(|v, _| fluent_number(Locale::En, v))),
        Locale::Ur => bundle.set_formatter(Some(|v, _| fluent_number(Locale::Ur, v))),
        Locale::Ps => bundle.set_formatter(Some(|v, _| fluent_number(Locale::Ps, v))),
        Locale::Prs => bundle.set_formatter(Some(|v, _| fluent_number(Locale::Prs, v))),
    }
    if let Err(errors) = bundle.add_resource(resource) {
        tracing::error!(locale = locale.code(), ?errors, "duplicate messages in the locale");
    }
    bundle
}

fn fluent_number(locale: Locale, value: &FluentValue) -> Option<String> {
    match value {
        FluentValue::Number(n) => Some(localize_number(locale, &n.as_string())),
        _ => None,
    }
}

// Digits, as each community writes them in official use (CLDR agrees on each choice):
// - en: Western digits, "1,234.5".
// - ur: Western digits, "1,234.5". CLDR's default numbering for ur is latn; Pakistan's
//   government sites, forms and Urdu press online write numbers in Western digits, while the
//   Urdu (Extended Arabic-Indic) digits survive mainly in print and calligraphy. A duty officer
//   reading a count or a time must not have to switch digit systems between the two sides'
//   screens of their own language either.
// - ps, prs: Extended Arabic-Indic digits ۰۱۲۳۴۵۶۷۸۹ with the Arabic decimal (٫) and thousands
//   (٬) separators, CLDR's default for ps and fa-AF and what Afghan ministries and press use.
//   They are the same code points as Urdu digits; the font shapes ۴ ۶ ۷ per the page's lang.
fn digit(locale: Locale, c: char) -> char {
    match (locale, c.to_digit(10)) {
        (Locale::Ps | Locale::Prs, Some(d)) => char::from_u32(0x06F0 + d).unwrap_or(c),
        _ => c,
    }
}

fn separators(locale: Locale) -> (char, char) {
    match locale {
        Locale::En | Locale::Ur => (',', '.'),
        Locale::Ps | Locale::Prs => ('\u{066C}', '\u{066B}'),
    }
}

/// Digits of `n` with no grouping: years, days, hours.
fn digits(locale: Locale, n: impl std::fmt::Display) -> String {
    n.to_string().chars().map(|c| digit(locale, c)).collect()
}

/// A plain number ("-1234.5") in the locale's digits, grouped by thousands.
fn localize_number(locale: Locale, plain: &str) -> String {
    let (int, frac) = plain.split_once('.').map_or((plain, None), |(i, f)| (i, Some(f)));
    let (sign, int) = int.strip_prefix('-').map_or(("", int), |rest| ("-", rest));
    if !int.bytes().all(|b| b.is_ascii_digit()) {
        return plain.to_owned(); // NaN, inf: nothing to localise
    }
    let (group, decimal) = separators(locale);
    let mut out = String::from(sign);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(group);
        }
        out.push(digit(locale, c));
    }
    if let Some(frac) = frac {
        out.push(decimal);
        out.extend(frac.chars().map(|c| digit(locale, c)));
    }
    out
}

/// `n` with at most three decimals, trailing zeros dropped, for the locale.
pub fn format_number(locale: Locale, n: f64) -> String {
    let plain = format!("{n:.3}");
    let plain = if plain.contains('.') { plain.trim_end_matches('0').trim_end_matches('.') } else { &plain };
    let plain = if plain == "-0" { "0" } else { plain };
    localize_number(locale, plain)
}

pub fn format_int(locale: Locale, n: i64) -> String {
    localize_number(locale, &n.to_string())
}

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const MONTHS_UR: [&str; 12] =
    ["جنوری", "فروری", "مارچ", "اپریل", "مئی", "جون", "جولائی", "اگست", "ستمبر", "اکتوبر", "نومبر", "دسمبر"];
// Afghan Gregorian month names, as in CLDR's ps and fa-AF.
const MONTHS_PS: [&str; 12] =
    ["جنوري", "فبروري", "مارچ", "اپریل", "مۍ", "جون", "جولای", "اګست", "سپتمبر", "اکتوبر", "نومبر", "دسمبر"];
const MONTHS_PRS: [&str; 12] =
    ["جنوری", "فبروری", "مارچ", "اپریل", "می", "جون", "جولای", "اگست", "سپتمبر", "اکتوبر", "نومبر", "دسمبر"];
// Solar Hijri months as Afghanistan names them: Pashto names, and the zodiac names in Dari
// (not Iran's Farvardin, Ordibehesht…).
const SOLAR_MONTHS_PS: [&str; 12] =
    ["وری", "غویی", "غبرګولی", "چنګاښ", "زمری", "وږی", "تله", "لړم", "لیندۍ", "مرغومی", "سلواغه", "کب"];
const SOLAR_MONTHS_PRS: [&str; 12] =
    ["حمل", "ثور", "جوزا", "سرطان", "اسد", "سنبله", "میزان", "عقرب", "قوس", "جدی", "دلو", "حوت"];

/// A day as the locale writes it: "19 October 2025"; in Pashto and Dari followed by the Solar
/// Hijri date, the calendar of Afghan official life: "۱۹ اکتوبر ۲۰۲۵ (۲۷ میزان ۱۴۰۴ هـ ش)".
pub fn format_date(locale: Locale, ms_since_epoch: i64, offset_minutes: i32) -> String {
    let Some(t) = local_time(ms_since_epoch, offset_minutes) else {
        return format_int(locale, ms_since_epoch);
    };
    let months = match locale {
        Locale::En => &MONTHS_EN,
        Locale::Ur => &MONTHS_UR,
        Locale::Ps => &MONTHS_PS,
        Locale::Prs => &MONTHS_PRS,
    };
    let month = months[t.month0() as usize];
    let gregorian = format!("{} {month} {}", digits(locale, t.day()), digits(locale, t.year()));
    let solar = match locale {
        Locale::Ps => Some((&SOLAR_MONTHS_PS, "لمریز")),
        Locale::Prs => Some((&SOLAR_MONTHS_PRS, "هـ ش")),
        _ => None,
    };
    match (solar, solar_hijri(t.date_naive())) {
        (Some((names, era)), Some((y, m, d))) => {
            format!("{gregorian} ({} {} {} {era})", digits(locale, d), names[m as usize - 1], digits(locale, y))
        }
        _ => gregorian,
    }
}

/// Date, 24-hour time and UTC offset: "19 October 2025, 14:30 UTC+05:00". The offset is always
/// shown because the two sides keep different clocks (UTC+05:00 and UTC+04:30); in right-to-left
/// text it is isolated left-to-right so that "+05:00" is not reordered.
pub fn format_datetime(locale: Locale, ms_since_epoch: i64, offset_minutes: i32) -> String {
    let Some(t) = local_time(ms_since_epoch, offset_minutes) else {
        return format_int(locale, ms_since_epoch);
    };
    let date = format_date(locale, ms_since_epoch, offset_minutes);
    let time = digits(locale, format!("{:02}:{:02}", t.hour(), t.minute()));
    let seconds = t.offset().local_minus_utc();
    let sign = if seconds < 0 { '-' } else { '+' };
    let (h, m) = (seconds.abs() / 3600, seconds.abs() % 3600 / 60);
    let zone = format!("UTC{sign}{h:02}:{m:02}");
    match locale {
        Locale::En => format!("{date}, {time} {zone}"),
        _ => format!("{date}، {time} \u{2066}{zone}\u{2069}"),
    }
}

fn local_time(ms: i64, offset_minutes: i32) -> Option<DateTime<FixedOffset>> {
    let offset = offset_minutes.checked_mul(60).and_then(FixedOffset::east_opt)?;
    Some(DateTime::from_timestamp_millis(ms)?.with_timezone(&offset))
}

/// The Solar Hijri (year, month, day) of a Gregorian day, for years 1300–1500 (1921–2122).
/// Leap years follow the arithmetic 33-year cycle (years ≡ 1, 5, 9, 13, 17, 22, 26, 30 mod 33),
/// which gives the same Nowruz as the astronomical rule Afghanistan and Iran use for the dates
/// in the tests; outside this window the two may differ, so no date is shown there.
fn solar_hijri(date: NaiveDate) -> Option<(i32, u32, u32)> {
    let is_leap = |y: i32| matches!(y.rem_euclid(33), 1 | 5 | 9 | 13 | 17 | 22 | 26 | 30);
    let year_days = |y: i32| if is_leap(y) { 366 } else { 365 };
    // 1 Hamal 1404 was 21 March 2025.
    let (mut year, mut day) = (1404, (date - NaiveDate::from_ymd_opt(2025, 3, 21)?).num_days());
    if !(-45_000..=45_000).contains(&day) {
        return None; // far outside the window; also bounds the loops below
    }
    while day < 0 {
        year -= 1;
        day += year_days(year);
    }
    while day >= year_days(year) {
        day -= year_days(year);
        year += 1;
    }
    if !(1300..=1500).contains(&year) {
        return None;
    }
    // Six months of 31 days, five of 30, then 29 (30 in a leap year).
    let (month, day_of_month) =
        if day < 186 { (day / 31 + 1, day % 31 + 1) } else { ((day - 186) / 30 + 7, (day - 186) % 30 + 1) };
    Some((year, month as u32, day_of_month as u32))
}

#[cfg(test)]
mod tests;
