use super::*;
use crate::model::date::Date;
use crate::model::notebook::Colour;
use crate::model::{Excerpt, ExcerptId, Source, Tag, Track, Uid};

/// An event as (title, date, track index, tag indexes, excerpts: 0 none,
/// 1 supported, 2 lost).
type Row<'a> = (&'a str, &'a str, Option<usize>, &'a [usize], u8);

fn notebook(rows: &[Row<'_>]) -> Notebook {
    let tracks: Vec<Track> = ["Diplomacy", "Military"]
        .iter()
        .enumerate()
        .map(|(i, name)| Track {
            id: TrackId(i as i64 + 1),
            uid: Uid::new(),
            name: (*name).to_owned(),
            colour: Colour::nth(i),
            position: i as i64,
            hidden: false,
        })
        .collect();
    let tags: Vec<Tag> = ["summit", "satellite", "김정은"]
        .iter()
        .enumerate()
        .map(|(i, name)| Tag {
            id: TagId(i as i64 + 1),
            uid: Uid::new(),
            name: (*name).to_owned(),
        })
        .collect();
    let source = Source {
        id: SourceId(1),
        uid: Uid::new(),
        title: "Article".into(),
        outlet: String::new(),
        author: String::new(),
        url: String::new(),
        published: None,
        accessed: None,
        encoding: "utf-8".into(),
        body_chars: 100,
        file: None,
        pages: Vec::new(),
        original_kept: false,
    };
    let mut excerpts = Vec::new();
    let mut events = Vec::new();
    for (i, (title, date, track, tag_ix, evidence)) in rows.iter().enumerate() {
        let mut linked = Vec::new();
        if *evidence > 0 {
            let id = ExcerptId(excerpts.len() as i64 + 1);
            excerpts.push(Excerpt {
                id,
                uid: Uid::new(),
                source: SourceId(1),
                start: 0,
                end: 4,
                quote: "text".into(),
                prefix: String::new(),
                suffix: String::new(),
                lost: *evidence == 2,
            });
            linked.push(id);
        }
        events.push(Event {
            id: EventId(i as i64 + 1),
            uid: Uid::new(),
            title: (*title).to_owned(),
            date: Date::parse(date).expect("a test date"),
            time_zone: None,
            description: String::new(),
            track: track.map(|t| TrackId(t as i64 + 1)),
            tags: tag_ix.iter().map(|t| TagId(*t as i64 + 1)).collect(),
            excerpts: linked,
        });
    }
    events.sort_by_key(|e| (e.date.sort_key(), e.id.0));
    Notebook::new(events, tracks, tags, vec![source], excerpts, Vec::new())
}

fn sample() -> Notebook {
    notebook(&[
        ("Summit in Vostochny", "2023-09-13", Some(0), &[0, 2], 1),
        ("Satellite launch", "2023-11-21", Some(1), &[1], 2),
        ("Earlier visit", "2019-04", Some(0), &[0], 0),
        ("Old treaty", "~1961", None, &[], 0),
        ("Decade of talks", "199X", None, &[2], 1),
    ])
}

fn titles(filter: &Filter, nb: &Notebook, hits: Option<HashSet<EventId>>) -> Vec<String> {
    let resolved = filter.resolve(nb, hits).expect("resolves");
    resolved
        .select(nb)
        .iter()
        .map(|e| e.title.clone())
        .collect()
}

#[test]
fn an_empty_filter_keeps_everything() {
    let nb = sample();
    let filter = Filter::default();
    assert!(filter.is_empty());
    assert!(filter.resolve(&nb, None).unwrap().keeps_all());
    assert_eq!(titles(&filter, &nb, None).len(), 5);
    let options_only = Filter {
        all_tags: true,
        fuzzy: true,
        text: "   ".into(),
        ..Filter::default()
    };
    assert!(options_only.is_empty());
}

#[test]
fn tracks_are_any_of_and_tags_any_or_all() {
    let nb = sample();
    let mut filter = Filter {
        tracks: vec!["diplomacy".into()],
        ..Filter::default()
    };
    assert_eq!(
        titles(&filter, &nb, None),
        ["Earlier visit", "Summit in Vostochny"]
    );
    filter.tracks.push("Military".into());
    assert_eq!(titles(&filter, &nb, None).len(), 3);

    let mut filter = Filter {
        tags: vec!["summit".into(), "김정은".into()],
        ..Filter::default()
    };
    assert_eq!(
        titles(&filter, &nb, None),
        ["Decade of talks", "Earlier visit", "Summit in Vostochny"]
    );
    filter.all_tags = true;
    assert_eq!(titles(&filter, &nb, None), ["Summit in Vostochny"]);
}

#[test]
fn unknown_names_and_bad_ranges_are_refused_in_one_line() {
    let nb = sample();
    let filter = Filter {
        tracks: vec!["Economy".into()],
        ..Filter::default()
    };
    let error = filter.resolve(&nb, None).unwrap_err();
    assert!(error.contains("no track “Economy”"), "{error}");
    assert!(error.contains("Diplomacy, Military"), "{error}");
    let filter = Filter {
        tags: vec!["nope".into()],
        ..Filter::default()
    };
    assert!(
        filter
            .resolve(&nb, None)
            .unwrap_err()
            .contains("no tag “nope”")
    );
    let filter = Filter {
        from: Some("2024".into()),
        to: Some("2020".into()),
        ..Filter::default()
    };
    assert!(
        filter
            .resolve(&nb, None)
            .unwrap_err()
            .contains("--from 2024 is after --to 2020")
    );
    let filter = Filter {
        from: Some("next blursday".into()),
        ..Filter::default()
    };
    assert!(filter.resolve(&nb, None).unwrap_err().starts_with("--from"));
}

#[test]
fn the_range_uses_strict_or_fuzzy_bounds() {
    let nb = sample();
    let mut filter = Filter {
        from: Some("1962".into()),
        to: Some("1965".into()),
        ..Filter::default()
    };
    // "~1961" covers only 1961 strictly, but a year either side fuzzily.
    assert!(titles(&filter, &nb, None).is_empty());
    filter.fuzzy = true;
    assert_eq!(titles(&filter, &nb, None), ["Old treaty"]);

    let filter = Filter {
        from: Some("2023-10".into()),
        ..Filter::default()
    };
    assert_eq!(titles(&filter, &nb, None), ["Satellite launch"]);
    let filter = Filter {
        to: Some("1995".into()),
        ..Filter::default()
    };
    // 199X may overlap 1995.
    assert_eq!(
        titles(&filter, &nb, None),
        ["Old treaty", "Decade of talks"]
    );
}

#[test]
fn evidence_precision_and_doubt() {
    let nb = sample();
    let by = |evidence| Filter {
        evidence: Some(evidence),
        ..Filter::default()
    };
    assert_eq!(
        titles(&by(Evidence::Unsupported), &nb, None),
        ["Old treaty", "Earlier visit"]
    );
    assert_eq!(titles(&by(Evidence::Supported), &nb, None).len(), 3);
    assert_eq!(
        titles(&by(Evidence::LostExcerpts), &nb, None),
        ["Satellite launch"]
    );

    let filter = Filter {
        precision: vec![PrecisionClass::DayOrFiner],
        ..Filter::default()
    };
    assert_eq!(
        titles(&filter, &nb, None),
        ["Summit in Vostochny", "Satellite launch"]
    );
    let filter = Filter {
        precision: vec![PrecisionClass::Coarser, PrecisionClass::Month],
        ..Filter::default()
    };
    assert_eq!(
        titles(&filter, &nb, None),
        ["Decade of talks", "Earlier visit"]
    );

    let filter = Filter {
        uncertainty: vec![Uncertainty::Approximate],
        ..Filter::default()
    };
    assert_eq!(titles(&filter, &nb, None), ["Old treaty"]);
    let filter = Filter {
        uncertainty: vec![Uncertainty::Certain],
        ..Filter::default()
    };
    assert_eq!(titles(&filter, &nb, None).len(), 4);
}

#[test]
fn the_text_part_keeps_only_the_index_hits() {
    let nb = sample();
    let filter = Filter {
        text: "launch".into(),
        ..Filter::default()
    };
    assert!(!filter.is_empty());
    let hits: HashSet<EventId> = [EventId(2)].into_iter().collect();
    assert_eq!(titles(&filter, &nb, Some(hits)), ["Satellite launch"]);
    // A text part the index could not answer keeps nothing rather than all.
    assert!(titles(&filter, &nb, None).is_empty());
}

#[test]
fn chips_name_each_part_and_remove_it() {
    let mut filter = Filter {
        text: "summit".into(),
        tracks: vec!["Diplomacy".into()],
        tags: vec!["김정은".into()],
        from: Some("2023".into()),
        evidence: Some(Evidence::Unsupported),
        ..Filter::default()
    };
    let parts = filter.parts();
    let labels: Vec<&str> = parts.iter().map(|(_, l)| l.as_str()).collect();
    assert_eq!(
        labels,
        [
            "“summit”",
            "track: Diplomacy",
            "tag: 김정은",
            "from 2023",
            "unsupported"
        ]
    );
    for (part, _) in parts.into_iter().rev() {
        filter.remove(part);
    }
    assert!(filter.is_empty());
}

#[test]
fn a_filter_reads_back_from_json() {
    let filter = Filter {
        text: "summit".into(),
        tags: vec!["a".into()],
        precision: vec![PrecisionClass::Year],
        uncertainty: vec![Uncertainty::OneOf],
        evidence: Some(Evidence::LostExcerpts),
        ..Filter::default()
    };
    let json = serde_json::to_string(&filter).unwrap();
    assert!(json.contains("\"lost_excerpts\""), "{json}");
    let back: Filter = serde_json::from_str(&json).unwrap();
    assert_eq!(back, filter);
    // Missing keys read as empty parts (views saved by older versions).
    let partial: Filter = serde_json::from_str(r#"{"text":"x"}"#).unwrap();
    assert_eq!(partial.text, "x");
    assert!(partial.tracks.is_empty());
}
