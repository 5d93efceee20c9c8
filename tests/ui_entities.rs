//! People, places, organisations and links between events in the window,
//! driven like a user with egui_kittest: the inspector's sections, the
//! entity page, arrows and lanes by entity on the timeline, and mentions in
//! the reader. (Cyrillic, not Korean: the harness has no CJK font.)

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod ui_support;
use ui_support::harness;

use annals::action::{Action, Created, EntityFields, EventFields, ExcerptRange, SourceFields};
use annals::model::date::Date;
use annals::model::{EntityId, EventId, ExcerptId, SourceId};
use annals::store::Store;
use annals::ui::{AnnalsApp, Command};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

const ARTICLE: &str = "Путин встретился с Ким Чен Ыном на космодроме Восточный в сентябре 2023 года. \
Встреча предшествовала запуску спутника-шпиона в ноябре.";

struct Research {
    app: AnnalsApp,
    summit: EventId,
    launch: EventId,
    source: SourceId,
    putin: EntityId,
}

fn created(store: &mut Store, action: &Action) -> Created {
    store.apply(action).unwrap().created.unwrap()
}

/// The seed's summit and launch, the article, Putin on the summit as
/// visitor, and the summit preceding the launch (citing the excerpt).
fn research() -> Research {
    let mut store = Store::open_in_memory().unwrap();
    let Created::Source(source) = created(
        &mut store,
        &Action::CreateSource(SourceFields {
            title: "Визит Путина".into(),
            body: ARTICLE.into(),
            ..SourceFields::default()
        }),
    ) else {
        panic!()
    };
    let mut event = |title: &str, date: &str, track: &str| {
        let mut fields = EventFields::new(title, Date::parse(date).unwrap());
        fields.track = Some(track.into());
        match created(
            &mut store,
            &Action::CreateEvent {
                fields,
                excerpts: vec![],
            },
        ) {
            Created::Event(id) => id,
            other => panic!("{other:?}"),
        }
    };
    let summit = event("Саммит в Восточном", "2023-09-13", "Дипломатия");
    let launch = event("Запуск спутника", "2023-11-21", "Военное");
    let Created::Excerpt(excerpt) = created(
        &mut store,
        &Action::CreateExcerpt {
            range: ExcerptRange {
                source,
                start: 78,
                end: 125,
            },
            events: vec![launch],
        },
    ) else {
        panic!()
    };
    let Created::Entity(putin) = created(
        &mut store,
        &Action::CreateEntity(EntityFields {
            aliases: vec!["Путин".into()],
            ..EntityFields::new("person", "Владимир Путин")
        }),
    ) else {
        panic!()
    };
    for action in [
        Action::Involve {
            event: summit,
            entity: putin,
            role: "гость".into(),
            excerpt: None,
        },
        Action::Relate {
            from: summit,
            to: launch,
            kind: "precedes".into(),
            excerpt: Some(excerpt),
        },
    ] {
        store.apply(&action).unwrap();
    }
    let _: ExcerptId = excerpt;
    Research {
        app: AnnalsApp::with_store(store).unwrap(),
        summit,
        launch,
        source,
        putin,
    }
}

fn select(harness: &mut Harness<'_, AnnalsApp>, id: EventId) {
    harness.state_mut().push(Command::Select(Some(id)));
    harness.run();
}

fn roles(harness: &Harness<'_, AnnalsApp>, event: EventId) -> Vec<(String, String)> {
    let notebook = harness.state().notebook().unwrap();
    notebook
        .entities
        .of_event(event)
        .map(|r| {
            (
                notebook.entities.entity(r.entity).unwrap().name.clone(),
                r.role.clone(),
            )
        })
        .collect()
}

#[test]
fn the_inspector_lists_links_and_a_click_follows_one() {
    let r = research();
    let mut harness = harness(r.app);
    select(&mut harness, r.summit);
    harness.get_by_label("Links (1)");
    harness.get_by_label("Precedes");
    harness
        .get_by_role_and_label(Role::Link, "Запуск спутника")
        .click();
    harness.run();
    assert_eq!(harness.state().selected(), Some(r.launch));
    harness.get_by_label("Preceded by");
    // The other end lists it too, and ✕ removes it as one undoable step.
    harness.get_by_label("Remove this link").click();
    harness.run();
    assert!(
        harness
            .state()
            .notebook()
            .unwrap()
            .entities
            .links
            .is_empty()
    );
    harness.state_mut().push(Command::Undo);
    harness.run();
    assert_eq!(harness.state().notebook().unwrap().entities.links.len(), 1);
}

#[test]
fn a_link_to_another_event_is_picked_by_title() {
    let r = research();
    let mut harness = harness(r.app);
    select(&mut harness, r.launch);
    let field = harness.get_by_label("Link to another event: type part of its title");
    field.focus();
    harness.run();
    harness
        .get_by_label("Link to another event: type part of its title")
        .type_text("саммит");
    harness.run();
    harness
        .get_by_label("Саммит в Восточном — 13 September 2023")
        .click();
    harness.run();
    // Below the fold of the inspector at this window size.
    harness.get_by_label("Add link").scroll_to_me();
    harness.run();
    harness.get_by_label("Add link").click();
    harness.run();
    let notebook = harness.state().notebook().unwrap();
    assert!(
        notebook
            .entities
            .links
            .iter()
            .any(|l| l.from == r.launch && l.to == r.summit && l.kind == "causes"),
        "{:?}",
        notebook.entities.links
    );
}

#[test]
fn an_entity_is_added_by_completion_or_as_a_new_one_in_one_step() {
    let r = research();
    let mut harness = harness(r.app);
    select(&mut harness, r.launch);
    harness.get_by_label("People, places, organisations (0)");
    let add = |harness: &mut Harness<'_, AnnalsApp>, label: &str, text: &str| {
        harness
            .get_by_role_and_label(Role::TextInput, label)
            .focus();
        harness.run();
        harness
            .get_by_role_and_label(Role::TextInput, label)
            .type_text(text);
        harness.run();
    };
    add(&mut harness, "Add", "Пут");
    harness
        .get_by_label("Владимир Путин (Путин) · person")
        .click();
    harness.run();
    add(&mut harness, "as", "наблюдатель");
    harness.get_by_role_and_label(Role::Button, "Add").click();
    harness.run();
    assert_eq!(
        roles(&harness, r.launch),
        [("Владимир Путин".to_owned(), "наблюдатель".to_owned())]
    );
    // A name nobody has is a new entity, added with its role in one step.
    add(&mut harness, "Add", "Ким Чен Ын");
    harness.get_by_label("Add new").click();
    harness.run();
    assert_eq!(roles(&harness, r.launch).len(), 2);
    let notebook = harness.state().notebook().unwrap();
    let kim = notebook.entities.by_name("Ким Чен Ын").unwrap();
    assert_eq!(kim.kind, "person");
    harness.state_mut().push(Command::Undo);
    harness.run();
    let notebook = harness.state().notebook().unwrap();
    assert!(notebook.entities.by_name("Ким Чен Ын").is_none());
    assert_eq!(roles(&harness, r.launch).len(), 1);
}

#[test]
fn the_timeline_draws_the_arrow_hides_it_and_lays_lanes_by_person() {
    let r = research();
    let mut harness = harness(r.app);
    let arrow = "Саммит в Восточном precedes Запуск спутника";
    harness.get_by_role_and_label(Role::Link, arrow);
    harness.get_by_label("Links").click();
    harness.run();
    assert!(!harness.state().timeline().show_links);
    assert!(harness.query_by_label(arrow).is_none());
    harness.get_by_label("Links").click();
    harness.run();
    // Following the arrow selects where it points.
    harness.get_by_role_and_label(Role::Link, arrow).click();
    harness.run();
    assert_eq!(harness.state().selected(), Some(r.launch));

    harness.get_by_label("Lanes: by track").click();
    harness.run();
    harness.get_by_label("Lanes: by person").click();
    harness.run();
    let lanes: Vec<String> = harness
        .state()
        .timeline()
        .lanes()
        .iter()
        .map(|l| l.name.clone())
        .collect();
    assert_eq!(lanes, ["Владимир Путин", "No person"]);
    assert_eq!(harness.state().timeline().lanes()[0].entity, Some(r.putin));
}

#[test]
fn the_entity_page_lists_its_events_and_filters_to_them() {
    let r = research();
    let mut harness = harness(r.app);
    select(&mut harness, r.summit);
    harness
        .get_by_role_and_label(Role::Link, "Владимир Путин")
        .click();
    harness.run();
    assert_eq!(harness.state().entity_page().shown(), Some(r.putin));
    harness.get_by_label("Events (1)");
    harness.get_by_label("— гость");
    harness.get_by_label("Show only these").click();
    harness.run();
    assert_eq!(harness.state().filter().entities, ["Владимир Путин"]);
    assert_eq!(harness.state().timeline().drawn_events(), 1);
}

#[test]
fn a_mention_in_the_reader_is_added_to_the_selected_event_in_one_click() {
    let r = research();
    let mut harness = harness(r.app);
    select(&mut harness, r.launch);
    harness.state_mut().push(Command::OpenSource(r.source));
    harness.run();
    harness
        .get_by_label("Владимир Путин (person) — click to add to an event")
        .click();
    harness.run();
    harness.get_by_label("Add to “Запуск спутника”").click();
    harness.run();
    assert_eq!(
        roles(&harness, r.launch),
        [("Владимир Путин".to_owned(), String::new())]
    );
}

#[test]
fn the_filter_bar_filters_by_entity_and_by_role() {
    let r = research();
    let mut harness = harness(r.app);
    let menu = |harness: &mut Harness<'_, AnnalsApp>| {
        harness.get_by_label("+ Filter").click();
        harness.run();
        harness
            .get_by_label("People, places, organisations")
            .click();
        harness.run();
    };
    menu(&mut harness);
    harness.get_by_label("Владимир Путин · person").click();
    harness.run();
    assert_eq!(harness.state().filter().entities, ["Владимир Путин"]);
    assert_eq!(harness.state().timeline().drawn_events(), 1);
    assert_eq!(harness.state().event_list().rows().len(), 1);
    // The role: no one is on an event as "хозяин" — nothing is shown; as
    // "гость" the summit is.
    if harness
        .query_by_role_and_label(Role::TextInput, "In the role")
        .is_none()
    {
        menu(&mut harness);
    }
    harness
        .get_by_role_and_label(Role::TextInput, "In the role")
        .focus();
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, "In the role")
        .type_text("хозяин");
    harness.run();
    harness.get_by_label("Apply role").click();
    harness.run();
    harness.run();
    assert_eq!(harness.state().filter().role.as_deref(), Some("хозяин"));
    assert_eq!(harness.state().timeline().drawn_events(), 0);
    assert!(harness.state().event_list().rows().is_empty());
    // The chips name both parts; the role's × brings the summit back.
    harness.key_press(egui::Key::Escape);
    harness.run();
    harness.get_by_label("role: хозяин  ×").click();
    harness.run();
    harness.run();
    assert!(harness.state().filter().role.is_none());
    assert_eq!(harness.state().timeline().drawn_events(), 1);
    let notebook = harness.state().notebook().unwrap();
    let shown = notebook.events[harness.state().event_list().rows()[0]].id;
    assert_eq!(shown, r.summit);
}
