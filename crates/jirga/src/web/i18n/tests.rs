use super::*;
use fluent_syntax::ast;
use std::collections::{BTreeMap, BTreeSet};

/// Each message (terms with their leading '-') and the variables it uses, read from the AST.
fn messages(locale: Locale) -> BTreeMap<String, BTreeSet<String>> {
    let resource = fluent_syntax::parser::parse(locale.source())
        .unwrap_or_else(|(_, errors)| panic!("{}: syntax errors {errors:?}", locale.code()));
    let mut out = BTreeMap::new();
    for entry in &resource.body {
        let (id, value) = match entry {
            ast::Entry::Message(m) => (m.id.name.to_string(), m.value.as_ref()),
            ast::Entry::Term(t) => (format!("-{}", t.id.name), Some(&t.value)),
            _ => continue,
        };
        let value = value.unwrap_or_else(|| panic!("{}: {id} has no value", locale.code()));
        let mut vars = BTreeSet::new();
        pattern_vars(value, &mut vars);
        assert!(out.insert(id.clone(), vars).is_none(), "{}: {id} twice", locale.code());
    }
    out
}

fn pattern_vars(pattern: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_vars(expression, out);
        }
    }
}

fn expression_vars(expression: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
    match expression {
        ast::Expression::Select { selector, variants } => {
            inline_vars(selector, out);
            for v in variants {
                pattern_vars(&v.value, out);
            }
        }
        ast::Expression::Inline(inline) => inline_vars(inline, out),
    }
}

fn inline_vars(inline: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_string());
        }
        ast::InlineExpression::FunctionReference { arguments, .. }
        | ast::InlineExpression::TermReference { arguments: Some(arguments), .. } => {
            let named = arguments.named.iter().map(|n| &n.value);
            for a in arguments.positional.iter().chain(named) {
                inline_vars(a, out);
            }
        }
        ast::InlineExpression::Placeable { expression } => expression_vars(expression, out),
        _ => {}
    }
}

/// The text of every message, without placeables and comments.
fn texts(locale: Locale) -> Vec<(String, String)> {
    let resource = fluent_syntax::parser::parse(locale.source()).unwrap();
    let mut out = Vec::new();
    for entry in &resource.body {
        if let ast::Entry::Message(m) = entry {
            let mut text = String::new();
            collect_text(m.value.as_ref().unwrap(), &mut text);
            out.push((m.id.name.to_string(), text));
        }
    }
    out
}

fn collect_text(pattern: &ast::Pattern<&str>, out: &mut String) {
    for element in &pattern.elements {
        match element {
            ast::PatternElement::TextElement { value } => out.push_str(value),
            ast::PatternElement::Placeable { expression: ast::Expression::Select { variants, .. } } => {
                variants.iter().for_each(|v| collect_text(&v.value, out))
            }
            _ => out.push(' '),
        }
    }
}

fn plain(s: String) -> String {
    s.replace(['\u{2066}', '\u{2068}', '\u{2069}'], "")
}

#[test]
fn every_locale_loads_without_errors() {
    // Fluent reports syntax errors, and a message named like a term (fluent-rs keeps `x` and
    // `-x` in one namespace), only while loading; the catalog would just log them.
    for locale in Locale::ALL {
        let resource = FluentResource::try_new(locale.source().to_owned())
            .unwrap_or_else(|(_, errors)| panic!("{}: {errors:?}", locale.code()));
        let mut bundle = FluentBundle::new_concurrent(vec![]);
        if let Err(errors) = bundle.add_resource(resource) {
            panic!("{}: {errors:?}", locale.code());
        }
    }
}

#[test]
fn every_locale_has_the_messages_of_english() {
    let english: BTreeSet<String> = messages(Locale::En).into_keys().collect();
    assert!(english.len() > 300, "only {} messages", english.len());
    let mut problems = Vec::new();
    for locale in [Locale::Ur, Locale::Ps, Locale::Prs] {
        let keys: BTreeSet<String> = messages(locale).into_keys().collect();
        let missing: Vec<_> = english.difference(&keys).collect();
        let extra: Vec<_> = keys.difference(&english).collect();
        if !missing.is_empty() || !extra.is_empty() {
            problems.push(format!("{}: missing {missing:?}, not in English {extra:?}", locale.code()));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_translation_uses_the_variables_of_english() {
    // A translation that drops { $count } would show "incidents" without the number.
    let english = messages(Locale::En);
    let mut problems = Vec::new();
    for locale in [Locale::Ur, Locale::Ps, Locale::Prs] {
        for (id, vars) in messages(locale) {
            if english.get(&id).is_some_and(|en| *en != vars) {
                problems.push(format!("{} {id}: {vars:?}, English {:?}", locale.code(), english[&id]));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_message_formats_without_errors_in_every_locale() {
    // Variables that carry text; every other variable is a number, tried with values that reach
    // each plural form of the four languages.
    const STRINGS: [&str; 6] = ["member", "party", "date", "time", "duration", "language"];
    let catalog = Catalog::new();
    let english = messages(Locale::En);
    let mut problems = Vec::new();
    for locale in Locale::ALL {
        for (id, vars) in english.iter().filter(|(id, _)| !id.starts_with('-')) {
            for n in [0, 1, 2, 5, 11, 1234] {
                let args: Vec<(&str, FluentValue)> = vars
                    .iter()
                    .map(|v| {
                        let value = if STRINGS.contains(&v.as_str()) {
                            FluentValue::from("Torkham")
                        } else {
                            FluentValue::from(n)
                        };
                        (v.as_str(), value)
                    })
                    .collect();
                match catalog.format(locale, id, &args) {
                    None => problems.push(format!("{} {id}: missing", locale.code())),
                    Some((_, errors)) if !errors.is_empty() => {
                        problems.push(format!("{} {id} n={n}: {errors:?}", locale.code()))
                    }
                    Some((text, _)) if text.trim().is_empty() => {
                        problems.push(format!("{} {id}: empty", locale.code()))
                    }
                    Some(_) => {}
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn translations_are_in_their_own_script() {
    // Letters of the wrong language are the usual typing slip: Arabic kaf/yeh/heh in Urdu,
    // Urdu heh in Pashto or Dari, Pashto letters in Dari or Urdu, Persian gaf in Pashto. Latin
    // words are allowed only for acronyms and formats; any other is an untranslated string.
    let forbidden = [
        (Locale::Ur, "\u{0643}\u{064A}\u{0647}\u{06AB}\u{06D0}"),
        (Locale::Ps, "\u{0643}\u{06C1}\u{06AF}\u{06BE}"),
        (Locale::Prs, "\u{0643}\u{064A}\u{06C1}\u{06AB}\u{06D0}\u{06CD}\u{06BE}"),
    ];
    let latin_ok = ["ACLED", "CSV", "GeoJSON", "JSON", "CLI", "UCDP", "GED", "SHA", "IED", "MiB", "https", "http"];
    let mut problems = Vec::new();
    for (locale, letters) in forbidden {
        for (id, text) in texts(locale) {
            if let Some(c) = text.chars().find(|c| letters.contains(*c)) {
                problems.push(format!("{} {id}: U+{:04X} in {text}", locale.code(), c as u32));
            }
            for word in text.split(|c: char| !c.is_ascii_alphabetic()).filter(|w| !w.is_empty()) {
                if !latin_ok.contains(&word) {
                    problems.push(format!("{} {id}: Latin word {word:?}", locale.code()));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn urdu_pashto_and_dari_are_right_to_left() {
    assert_eq!(Locale::En.dir(), "ltr");
    for locale in [Locale::Ur, Locale::Ps, Locale::Prs] {
        assert_eq!(locale.dir(), "rtl", "{}", locale.code());
    }
}

#[test]
fn accept_language_picks_the_best_supported_locale() {
    let cases = [
        ("ur-PK,ur;q=0.9,en;q=0.8", Locale::Ur),
        ("fa-AF", Locale::Prs),
        ("prs", Locale::Prs),
        ("ps-AF", Locale::Ps),
        ("ps-AF,ps;q=0.9,fa-AF;q=0.8,en;q=0.5", Locale::Ps),
        ("en-GB,en;q=0.9", Locale::En),
        ("de-DE,fr;q=0.9", Locale::En),
        ("", Locale::En),
        ("*", Locale::En),
        ("tr-TR,tr;q=0.9,en-US;q=0.8,ur;q=0.7", Locale::En),
        ("en;q=0.5, ps;q=0.8", Locale::Ps),
        ("ur;q=0, en;q=0.1", Locale::En),
        ("ur;q=nonsense, prs;q=0.2", Locale::Prs),
        ("FA-af", Locale::Prs),
    ];
    for (header, expected) in cases {
        assert_eq!(Locale::from_accept_language(header), expected, "{header:?}");
    }
}

#[test]
fn locale_codes_parse_back() {
    for locale in Locale::ALL {
        assert_eq!(Locale::parse(locale.code()), Some(locale));
        assert_eq!(Locale::parse(locale.html_lang()), Some(locale));
    }
    assert_eq!(Locale::parse("pbu"), Some(Locale::Ps));
    assert_eq!(Locale::parse("ar"), None);
    assert_eq!(Locale::parse("not a tag at all"), None);
}

#[test]
fn numbers_in_each_locale() {
    let cases = [
        (Locale::En, 1_234_567.0, "1,234,567"),
        (Locale::Ur, 1_234_567.0, "1,234,567"),
        (Locale::Ps, 1_234_567.0, "۱٬۲۳۴٬۵۶۷"),
        (Locale::Prs, 1_234_567.0, "۱٬۲۳۴٬۵۶۷"),
        (Locale::En, 34.1167, "34.117"),
        (Locale::Prs, 3.5, "۳٫۵"),
        (Locale::Ps, 0.0, "۰"),
        (Locale::En, -1250.0, "-1,250"),
        (Locale::En, -0.0001, "0"),
        (Locale::Ur, 999.0, "999"),
        (Locale::En, f64::NAN, "NaN"),
    ];
    for (locale, n, expected) in cases {
        assert_eq!(format_number(locale, n), expected, "{} {n}", locale.code());
    }
    assert_eq!(format_int(Locale::Prs, 2025), "۲٬۰۲۵");
    assert_eq!(format_int(Locale::En, i64::MIN), "-9,223,372,036,854,775,808");
}

#[test]
fn numbers_inside_messages_follow_the_locale_and_its_plurals() {
    let catalog = Catalog::new();
    let count = |locale, n: i64| plain(catalog.text(locale, "counts-incidents", &[("count", n.into())]));
    assert_eq!(count(Locale::En, 1), "1 incident");
    assert_eq!(count(Locale::En, 0), "0 incidents");
    assert_eq!(count(Locale::En, 1234), "1,234 incidents");
    assert_eq!(count(Locale::Ur, 1), "1 واقعہ");
    assert_eq!(count(Locale::Ur, 5), "5 واقعات");
    assert_eq!(count(Locale::Ps, 1), "۱ پېښه");
    assert_eq!(count(Locale::Ps, 2), "۲ پېښې");
    assert_eq!(count(Locale::Prs, 1234), "۱٬۲۳۴ رویداد");
    let hours = |n: i64| plain(catalog.text(Locale::Ur, "duration-hours", &[("count", n.into())]));
    assert_eq!(hours(1), "1 گھنٹہ");
    assert_eq!(hours(24), "24 گھنٹے");
}

#[test]
fn user_text_is_isolated_from_the_label() {
    let catalog = Catalog::new();
    let text = catalog.text(Locale::Ur, "signed-in-as", &[("member", "Maj. A. Khan".into())]);
    assert!(text.contains("\u{2068}Maj. A. Khan\u{2069}"), "{text:?}");
}

#[test]
fn missing_messages_fall_back_to_english_then_to_the_key() {
    let catalog = Catalog::with_sources([
        "hello = Hello { $member }\nonly-english = Only in English\n",
        "hello = سلام { $member }\n",
        "hello = {\n", // broken: the parser drops the entry
        "",
    ]);
    let args = [("member", FluentValue::from("x"))];
    assert_eq!(plain(catalog.text(Locale::Ur, "hello", &args)), "سلام x");
    assert_eq!(catalog.text(Locale::Ur, "only-english", &[]), "Only in English");
    assert_eq!(plain(catalog.text(Locale::Ps, "hello", &args)), "Hello x");
    assert_eq!(catalog.text(Locale::Prs, "no-such-message", &[]), "no-such-message");
    // A variable the caller forgot shows as its name instead of failing the page.
    assert_eq!(plain(catalog.text(Locale::En, "hello", &[])), "Hello {$member}");
}

#[test]
fn catalog_can_be_shared_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Catalog>();
}

fn ms(rfc3339: &str) -> i64 {
    DateTime::parse_from_rfc3339(rfc3339).unwrap().timestamp_millis()
}

#[test]
fn dates_and_times_in_each_locale() {
    // The Doha ceasefire day, 09:30 UTC: 14:30 in Pakistan, 14:00 in Afghanistan.
    let t = ms("2025-10-19T09:30:00Z");
    assert_eq!(format_datetime(Locale::En, t, 300), "19 October 2025, 14:30 UTC+05:00");
    assert_eq!(plain(format_datetime(Locale::Ur, t, 300)), "19 اکتوبر 2025، 14:30 UTC+05:00");
    assert_eq!(plain(format_datetime(Locale::Prs, t, 270)), "۱۹ اکتوبر ۲۰۲۵ (۲۷ میزان ۱۴۰۴ هـ ش)، ۱۴:۰۰ UTC+04:30");
    assert_eq!(plain(format_datetime(Locale::Ps, t, 270)), "۱۹ اکتوبر ۲۰۲۵ (۲۷ تله ۱۴۰۴ لمریز)، ۱۴:۰۰ UTC+04:30");
    assert!(format_datetime(Locale::Ps, t, 270).contains("\u{2066}UTC+04:30\u{2069}"));
    // The offset moves the day: 21:00 UTC on 31 December is already 1 January in Pakistan.
    assert_eq!(format_date(Locale::En, ms("2025-12-31T21:00:00Z"), 300), "1 January 2026");
    assert_eq!(format_datetime(Locale::En, 0, -150), "31 December 1969, 21:30 UTC-02:30");
    // Nothing out of range panics: no date that chrono cannot hold, no offset beyond a day.
    assert_eq!(format_datetime(Locale::En, i64::MAX, 0), format_int(Locale::En, i64::MAX));
    assert_eq!(format_date(Locale::En, t, 24 * 60), format_int(Locale::En, t));
    assert_eq!(format_date(Locale::Prs, ms("1900-01-01T00:00:00Z"), 0), "۱ جنوری ۱۹۰۰");
}

#[test]
fn solar_hijri_matches_published_dates() {
    let cases = [
        // Nowruz, 1 Hamal: 20 March 2024 and 21 March 2025.
        ((2024, 3, 20), (1403, 1, 1)),
        ((2025, 3, 21), (1404, 1, 1)),
        // 1403 is a leap year: its last day is the 30th of Hoot.
        ((2025, 3, 20), (1403, 12, 30)),
        // Afghan Independence Day, 28 Asad, fell on 19 August 2025.
        ((2025, 8, 19), (1404, 5, 28)),
        // The test vectors of the jalaali-js conversion library.
        ((1981, 8, 17), (1360, 5, 26)),
        ((2013, 1, 10), (1391, 10, 21)),
        ((2014, 8, 4), (1393, 5, 13)),
        ((2018, 8, 4), (1397, 5, 13)),
        ((2021, 3, 10), (1399, 12, 20)),
        ((2021, 7, 21), (1400, 4, 30)),
    ];
    for ((y, m, d), expected) in cases {
        let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(solar_hijri(date), Some(expected), "{date}");
    }
    assert_eq!(solar_hijri(NaiveDate::from_ymd_opt(1900, 1, 1).unwrap()), None);
    assert_eq!(solar_hijri(NaiveDate::MAX), None);
}
