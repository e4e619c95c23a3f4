//! The README's findings table is the catalog's (`check::catalog::ALL`), row
//! for row: a finding id cannot be added, renamed or re-graded without the
//! README saying so. `UPDATE_README=1 cargo test --no-default-features --test
//! integration readme` rewrites the table from the catalog.

use _core::check::catalog::ALL;

const START: &str = "<!-- findings:start -->\n";
const END: &str = "<!-- findings:end -->";

/// The table as the catalog gives it.
fn table() -> String {
    let mut out = String::from("| id | severity | fires when | reference |\n|---|---|---|---|\n");
    for rule in ALL {
        out.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            rule.id,
            rule.severity.as_str(),
            rule.condition.replace('|', "\\|"),
            rule.reference
        ));
    }
    out
}

#[test]
fn readme_findings_table_is_the_catalog() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
    let readme = std::fs::read_to_string(path).expect("README.md is readable");
    let start = readme
        .find(START)
        .expect("README has the findings:start marker")
        + START.len();
    let end = start
        + readme[start..]
            .find(END)
            .expect("README has the findings:end marker");
    let want = table();
    if readme[start..end] != want && std::env::var_os("UPDATE_README").is_some() {
        let updated = format!("{}{want}{}", &readme[..start], &readme[end..]);
        std::fs::write(path, updated).expect("README.md is writable");
        return;
    }
    assert_eq!(
        readme[start..end],
        want,
        "the README's findings table differs from check::catalog::ALL; rewrite it with \
         UPDATE_README=1 cargo test --no-default-features --test integration readme"
    );
}
