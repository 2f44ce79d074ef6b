//! The person and family index on whichever engine TEST_DATABASE_URL names: keys written with
//! every person and rewritten on update, the candidate fetch agreeing with the in-memory index of
//! the matching core, re-keying, relationships, CSC involvement, merges undone exactly, and the
//! search tokens behind search-before-create.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use domain::matching::generator::PopulationConfig;
use domain::matching::{quality, PersonFacts, SearchQuery};
use domain::Role;
use std::collections::BTreeSet;
use storage::testing::TestDb;
use storage::{MergeOutcome, NewContact, NewInvolvement, NewRelationship, NewUser, StorageError, Store};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).single().expect("valid time")
}

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn child(given: &str, family: &str, dob: Option<NaiveDate>, postcode: &str) -> PersonFacts {
    PersonFacts {
        given_names: given.into(),
        family_name: family.into(),
        date_of_birth: dob,
        postcode: Some(postcode.into()),
        ..PersonFacts::default()
    }
}

async fn user(store: &Store, name: &str) -> String {
    let new = NewUser {
        username: name,
        display_name: name,
        email: "",
        password_hash: "h",
        must_change_password: false,
        is_demo: false,
        roles: &[Role::ReferralAndAdviceOfficer],
        team_ids: &[],
    };
    store.create_user(new, t0()).await.expect("user")
}

fn ids(search: &storage::PeopleSearch) -> Vec<String> {
    search.ranked.iter().map(|(p, _)| p.id.clone()).collect()
}

#[tokio::test]
async fn a_misspelt_name_finds_the_child_and_updates_rewrite_the_keys() {
    let db = TestDb::new().await.expect("test database");
    let s = &db.store;
    let ava = s.create_indexed_person(&child("Ava", "Thompson", date(2016, 4, 12), "AB1 2DE"), t0()).await.expect("create");
    s.create_indexed_person(&child("Leo", "Thompson", date(2019, 9, 3), "AB1 2DE"), t0()).await.expect("create");
    s.create_indexed_person(&child("Mia", "Kowalski", date(2012, 1, 27), "AB3 4EF"), t0()).await.expect("create");

    let q = SearchQuery { given_name: Some("Eva".into()), family_name: Some("Tomson".into()), date_of_birth: date(2016, 4, 12), ..SearchQuery::default() };
    let found = s.search_people(&q).await.expect("search");
    assert_eq!(ids(&found).first(), Some(&ava), "the misspelt search ranks Ava first");
    assert!(found.ranked[0].1.score > found.ranked.get(1).map_or(0, |(_, m)| m.score));
    assert!(!found.ranked[0].1.reasons.is_empty(), "reasons are given");
    assert!(!ids(&found).iter().any(|id| s_name(&found, id) == "Mia"), "nobody unrelated is fetched");

    // The person moves and changes surname: old keys go, new keys come.
    let mut moved = child("Ava", "Okafor", date(2016, 4, 12), "ZE2 9XY");
    moved.previous_postcodes = vec!["AB1 2DE".into()];
    let v = s.get_indexed_person(&ava).await.expect("get").expect("exists").version;
    assert_eq!(s.update_person(&ava, &moved, v, t0()).await.expect("update"), Some(v + 1));
    assert_eq!(s.update_person(&ava, &moved, v, t0()).await.expect("stale update"), None, "a stale version is refused");
    let by_new = SearchQuery { given_name: Some("Ava".into()), family_name: Some("Okafor".into()), ..SearchQuery::default() };
    assert_eq!(ids(&s.search_people(&by_new).await.expect("search")).first(), Some(&ava));
    let by_old_name_only = SearchQuery { given_name: Some("Ava".into()), family_name: Some("Thompson".into()), ..SearchQuery::default() };
    assert!(!ids(&s.search_people(&by_old_name_only).await.expect("search")).contains(&ava), "the old surname's keys were removed");
    let stored = s.get_indexed_person(&ava).await.expect("get").expect("exists");
    assert_eq!(stored.facts, moved);
    assert!(s.search_people(&SearchQuery::default()).await.expect("empty").ranked.is_empty());
}

fn s_name(search: &storage::PeopleSearch, id: &str) -> String {
    search.ranked.iter().find(|(p, _)| p.id == id).map(|(p, _)| p.facts.given_names.clone()).unwrap_or_default()
}

/// The store fetches exactly the candidates the matching core's in-memory index does, and the
/// true person lands in the top five as often as the quality measure says.
#[tokio::test]
async fn the_sql_fetch_agrees_with_the_matching_core_on_a_generated_population() {
    let db = TestDb::new().await.expect("test database");
    let sample = quality::sample(PopulationConfig { seed: 11, people: 3_000, reference_year: 2025 }, 150);
    let ids = db.store.bulk_load_people(&sample.people, 1_000, t0()).await.expect("bulk load");
    assert_eq!(ids.len(), sample.people.len());
    let mut top5 = 0;
    for q in &sample.queries {
        let found = db.store.search_people(&q.query).await.expect("search");
        let (expected, _) = sample.index.candidates(&domain::matching::candidate_keys(&q.query));
        let expected: BTreeSet<&str> = expected.iter().map(|i| ids[*i as usize].as_str()).collect();
        let got: BTreeSet<&str> = found.ranked.iter().map(|(p, _)| p.id.as_str()).collect();
        assert_eq!(got, expected, "same candidates for {:?}", q.query);
        let truth = &ids[q.person_id as usize];
        if found.ranked.iter().take(5).any(|(p, _)| &p.id == truth) {
            top5 += 1;
        }
    }
    let recall = f64::from(top5) / sample.queries.len() as f64;
    assert!(recall >= 0.97, "top-5 recall {recall:.3}");
}

#[tokio::test]
async fn people_from_before_the_index_are_keyed_again() {
    let db = TestDb::new().await.expect("test database");
    let s = &db.store;
    let id = s.create_indexed_person(&child("Noah", "Begum", date(2010, 6, 15), "AB5 6GH"), t0()).await.expect("create");
    s.execute_raw_for_tests("DELETE FROM person_match_keys").await.expect("forget keys");
    s.execute_raw_for_tests("UPDATE people SET keys_version = 0").await.expect("stale");
    let q = SearchQuery { given_name: Some("Noah".into()), family_name: Some("Begum".into()), ..SearchQuery::default() };
    assert!(s.search_people(&q).await.expect("search").ranked.is_empty());
    assert_eq!(s.rekey_stale_people(100).await.expect("rekey"), 1);
    assert_eq!(s.rekey_stale_people(100).await.expect("rekey"), 0);
    assert_eq!(ids(&s.search_people(&q).await.expect("search")), vec![id]);
}

#[tokio::test]
async fn relationships_read_from_both_sides_with_the_pr_flag() {
    let db = TestDb::new().await.expect("test database");
    let s = &db.store;
    let mum = s.create_indexed_person(&child("Jo", "Thompson", date(1988, 2, 1), "AB1 2DE"), t0()).await.expect("create");
    let ava = s.create_indexed_person(&child("Ava", "Thompson", date(2016, 4, 12), "AB1 2DE"), t0()).await.expect("create");
    let link = NewRelationship { person_id: &mum, other_person_id: &ava, kind: "parent", parental_responsibility: true, household_member: true, created_by: None };
    let rel = s.link_people(link, t0()).await.expect("link");
    let again = NewRelationship { person_id: &mum, other_person_id: &ava, kind: "parent", parental_responsibility: false, household_member: false, created_by: None };
    assert!(matches!(s.link_people(again, t0()).await, Err(StorageError::Conflict(_))));
    let from_ava = s.relationships_of(&ava).await.expect("read");
    assert_eq!(from_ava.len(), 1);
    assert_eq!(from_ava[0].relative_id, mum);
    assert!(!from_ava[0].reader_is_subject);
    assert!(from_ava[0].parental_responsibility && from_ava[0].household_member);
    assert!(s.relationships_of(&mum).await.expect("read")[0].reader_is_subject);
    // Withdrawn, not deleted: it stops counting but stays on the page, and comes back whole.
    let rao = user(s, "rao").await;
    assert_eq!(s.withdraw_relationship(&rel, &rao, "Linked to the wrong child", t0()).await.expect("withdraw"), Some((mum.clone(), ava.clone())));
    assert_eq!(s.withdraw_relationship(&rel, &rao, "Twice over", t0()).await.expect("withdraw"), None, "one withdrawal in force");
    assert!(s.relationships_of(&ava).await.expect("read").is_empty());
    let shown = s.relationships_with_withdrawn(&ava).await.expect("read");
    let w = shown[0].withdrawal.clone().expect("withdrawn");
    assert_eq!((w.by.as_str(), w.by_name.as_str(), w.reason.as_str(), w.at), (rao.as_str(), "rao", "Linked to the wrong child", t0()));
    assert_eq!(s.restore_relationship(&rel).await.expect("restore"), Some((mum.clone(), ava.clone())));
    assert_eq!(s.restore_relationship(&rel).await.expect("restore"), None, "nothing to restore");
    let back = s.relationships_of(&ava).await.expect("read");
    assert!(back[0].withdrawal.is_none() && back[0].parental_responsibility && back[0].household_member);
}

#[tokio::test]
async fn involvement_opens_and_closes_once() {
    let db = TestDb::new().await.expect("test database");
    let s = &db.store;
    let ava = s.create_indexed_person(&child("Ava", "Thompson", date(2016, 4, 12), "AB1 2DE"), t0()).await.expect("create");
    let new = |opened| NewInvolvement { person_id: &ava, worker_name: "W One", worker_team: "Team", worker_phone: "01234 567890", worker_email: "", opened_on: opened, created_by: None };
    let old = s.record_involvement(new(NaiveDate::from_ymd_opt(2020, 1, 1).expect("date")), t0()).await.expect("open");
    let closed_on = NaiveDate::from_ymd_opt(2021, 1, 1).expect("date");
    assert!(s.close_involvement(&old, closed_on, "Case closed", t0()).await.expect("close"));
    assert!(!s.close_involvement(&old, closed_on, "again", t0()).await.expect("close twice"));
    let current = s.record_involvement(new(NaiveDate::from_ymd_opt(2026, 1, 1).expect("date")), t0()).await.expect("open");
    let all = s.involvements_of(std::slice::from_ref(&ava)).await.expect("read");
    assert_eq!(all.iter().map(|i| i.id.clone()).collect::<Vec<_>>(), vec![current, old]);
    assert_eq!((all[0].status.as_str(), all[1].status.as_str()), ("open", "closed"));
    assert_eq!(all[1].closed_on, Some(closed_on));
}

#[tokio::test]
async fn a_merge_moves_records_to_the_survivor_and_unmerging_puts_them_back() {
    let db = TestDb::new().await.expect("test database");
    let s = &db.store;
    let tm = user(s, "tm").await;
    let keep = s.create_indexed_person(&child("Ava", "Thompson", date(2016, 4, 12), "AB1 2DE"), t0()).await.expect("create");
    let dupe = s.create_indexed_person(&child("Eva", "Tomson", date(2016, 4, 12), "AB1 2DE"), t0()).await.expect("create");
    let mum = s.create_indexed_person(&child("Jo", "Thompson", date(1988, 2, 1), "AB1 2DE"), t0()).await.expect("create");
    let contact = NewContact { reference: "C-1", person_id: &dupe, summary: "s", assigned_team_id: None, assigned_user_id: None, received_at: t0() };
    let contact_id = s.create_contact(contact, t0()).await.expect("contact");
    let link = NewRelationship { person_id: &mum, other_person_id: &dupe, kind: "parent", parental_responsibility: true, household_member: true, created_by: None };
    s.link_people(link, t0()).await.expect("link");
    let self_link = NewRelationship { person_id: &keep, other_person_id: &dupe, kind: "sibling", parental_responsibility: false, household_member: true, created_by: None };
    s.link_people(self_link, t0()).await.expect("link");

    let outcome = s.merge_people(&keep, &dupe, "Same child", Some(&tm), t0()).await.expect("merge");
    let MergeOutcome::Merged { merge_id, moved } = outcome else { panic!("expected a merge, got {outcome:?}") };
    assert_eq!(moved, 2, "the contact and the parent link move; the link between the two stays");
    assert_eq!(s.merge_people(&keep, &dupe, "again", Some(&tm), t0()).await.expect("merge"), MergeOutcome::NotMergeable);
    assert_eq!(s.get_contact(&contact_id).await.expect("get").expect("exists").person_id.as_deref(), Some(keep.as_str()));
    assert!(s.relationships_of(&keep).await.expect("read").iter().any(|r| r.relative_id == mum && r.parental_responsibility));
    assert_eq!(s.get_indexed_person(&dupe).await.expect("get").expect("exists").merged_into.as_deref(), Some(keep.as_str()));
    let q = SearchQuery { given_name: Some("Eva".into()), family_name: Some("Tomson".into()), date_of_birth: date(2016, 4, 12), ..SearchQuery::default() };
    assert_eq!(ids(&s.search_people(&q).await.expect("search")), vec![keep.clone()], "the merged record is out of searches");

    let undone = s.unmerge_people(&merge_id, "Twins, not the same child", Some(&tm), t0() + Duration::hours(1)).await.expect("unmerge");
    assert_eq!(undone.map(|m| m.merged_id), Some(dupe.clone()));
    assert!(s.unmerge_people(&merge_id, "again", Some(&tm), t0()).await.expect("unmerge").is_none());
    assert_eq!(s.get_contact(&contact_id).await.expect("get").expect("exists").person_id.as_deref(), Some(dupe.as_str()));
    assert!(s.relationships_of(&dupe).await.expect("read").iter().any(|r| r.relative_id == mum));
    assert!(!s.relationships_of(&keep).await.expect("read").iter().any(|r| r.relative_id == mum));
    assert!(ids(&s.search_people(&q).await.expect("search")).contains(&dupe), "searchable again");
    let history = s.merges_of(&dupe).await.expect("history");
    assert_eq!(history.len(), 1);
    assert!(history[0].unmerged_at.is_some());
}

#[tokio::test]
async fn search_tokens_belong_to_one_user_one_identity_and_a_time_window() {
    let db = TestDb::new().await.expect("test database");
    let s = &db.store;
    let (a, b) = (user(s, "a").await, user(s, "b").await);
    let token = s.record_person_search(&a, "THOMPSON|AVA|2016-04-12", t0()).await.expect("record");
    let since = t0() - Duration::minutes(30);
    assert!(s.person_search_counts(&token, &a, "THOMPSON|AVA|2016-04-12", since).await.expect("check"));
    assert!(!s.person_search_counts(&token, &b, "THOMPSON|AVA|2016-04-12", since).await.expect("check"), "another user's search");
    assert!(!s.person_search_counts(&token, &a, "THOMPSON|AVA|-", since).await.expect("check"), "other details");
    assert!(!s.person_search_counts(&token, &a, "THOMPSON|AVA|2016-04-12", t0() + Duration::seconds(1)).await.expect("check"), "too old");
    assert_eq!(s.delete_person_searches_before(t0() + Duration::seconds(1)).await.expect("housekeeping"), 1);
}
