//! Snapshots every issue of the bundled corpus with insta, into the same
//! files `ocrgate check` writes (`snapshots/<publication>/<issue>.snap`), so
//! `cargo test` fails when parsing changes and the change is not accepted
//! (with `ocrgate accept` or `cargo insta review`).

mod common;

#[test]
fn bundled_corpus_snapshots() {
    insta::glob!("../corpus", "*/*", |path| {
        if !path.is_dir() {
            return;
        }
        let corpus = common::corpus();
        let rel = path.strip_prefix(&corpus).unwrap();
        let publication = rel.parent().unwrap().to_string_lossy().into_owned();
        let folder = rel.file_name().unwrap().to_string_lossy().into_owned();
        let id = format!("{publication}/{folder}");
        let outcome = ocrgate::check_issue_dir(&corpus, &id).unwrap();
        assert!(outcome.errors.is_empty(), "{id}: {:?}", outcome.errors);
        let body = ocrgate::snapshot::body(&outcome.result.unwrap());

        let mut settings = insta::Settings::clone_current();
        settings.remove_snapshot_suffix();
        settings.set_prepend_module_to_snapshot(false);
        settings.set_snapshot_path(format!("../snapshots/{publication}"));
        settings.set_input_file(format!("corpus/{id}"));
        settings.bind(|| insta::assert_snapshot!(folder.as_str(), body));
    });
}
