//! Re-evaluating the rules after one answer, as the call screen does on every change
//! (issue 3 point 6). The aim is well under a millisecond natively.
//!
//! Run: `cargo bench -p domain --bench guidance`.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use domain::rules::{guidance, Answer, Answers, RuleSet};

/// A realistic mid-call state on the professional's phone script.
fn mid_call() -> Answers {
    let mut a = Answers::new();
    a.set("child_missing", Answer::YesNo(false))
        .set("immediate_danger", Answer::YesNo(false))
        .set("caller_name", Answer::Text("A caller".into()))
        .set(
            "caller_agency",
            Answer::Text("Primary school, designated safeguarding lead".into()),
        )
        .set("caller_contact", Answer::Text("School office".into()))
        .set("child_name", Answer::Text("A child".into()))
        .set("child_address", Answer::Text("1 Example Road".into()))
        .set("allocated_worker", Answer::YesNo(false))
        .set(
            "concern_summary",
            Answer::Text(
                "Child arrived with a bruise and says dad shouted at mum last night.".into(),
            ),
        )
        .set(
            "concern_areas",
            Answer::Choices(vec![
                "domestic_abuse".into(),
                "school".into(),
                "behaviour".into(),
                "physical_injury".into(),
            ]),
        )
        .set("domestic_abuse_child_present", Answer::YesNo(true))
        .set("attendance", Answer::Choice("persistent_absence".into()))
        .set("injury_baby_not_mobile", Answer::YesNo(false))
        .set("ongoing_relationship", Answer::YesNo(true))
        .set("parent_consent", Answer::Choice("not_asked".into()));
    a
}

fn bench(c: &mut Criterion) {
    let rules = match RuleSet::builtin() {
        Ok(r) => r,
        Err(problems) => panic!("built-in rules do not load: {problems:?}"),
    };
    let mut answers = mid_call();
    let mut flip = false;

    c.bench_function("guidance after one answer", |b| {
        b.iter(|| {
            flip = !flip;
            answers.set("injury_unexplained", Answer::YesNo(flip));
            black_box(guidance(&rules.framework, black_box(&answers)))
        })
    });

    c.bench_function(
        "call screen after one answer (script state + guidance)",
        |b| {
            b.iter(|| {
                flip = !flip;
                answers.set("injury_unexplained", Answer::YesNo(flip));
                black_box(rules.evaluate_call("cass_phone_professional", black_box(&answers)))
            })
        },
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
