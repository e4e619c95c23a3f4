//! The async twins of `MXDiscovery`'s methods, in their own `#[pymethods]`
//! block (pyo3 `multiple-pymethods`). Each runs the same engine future as
//! the sync method, as a task on the shared runtime (no thread per await,
//! event loop free), and logs the same warnings, on the loop thread, before
//! the await returns.

use pyo3::prelude::*;
use pyo3::types::PyList;

use super::aio::coroutine;
use crate::discovery::emit_warnings;
use crate::dns::runtime::Kind;
use crate::py::discovery::args::{str_arg, str_list};
use crate::py::discovery::PyMxDiscovery;

type Groups = (Vec<Vec<String>>, Vec<String>);

/// A coroutine of the expansion of `groups`, returning `pick(expansions)`.
fn groups_coroutine<'py>(
    slf: &Bound<'py, PyMxDiscovery>,
    groups: Vec<Vec<String>>,
    pick: fn(Python<'_>, Vec<Vec<String>>) -> PyResult<Py<PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let work = slf
        .get()
        .engine()
        .expand_groups_future(groups, Kind::Shared);
    coroutine(
        slf.py(),
        Box::pin(work),
        move |py, (expanded, warnings): Groups| {
            emit_warnings(&warnings);
            pick(py, expanded)
        },
    )
}

fn first(py: Python<'_>, mut v: Vec<Vec<String>>) -> PyResult<Py<PyAny>> {
    let hosts = if v.is_empty() {
        Vec::new()
    } else {
        v.remove(0)
    };
    Ok(PyList::new(py, hosts)?.into_any().unbind())
}

fn all(py: Python<'_>, v: Vec<Vec<String>>) -> PyResult<Py<PyAny>> {
    Ok(PyList::new(py, v)?.into_any().unbind())
}

#[pymethods]
impl PyMxDiscovery {
    /// `resolve` as a coroutine: same hosts, same warnings.
    fn resolve_async<'py>(
        slf: &Bound<'py, Self>,
        domain: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let domain = str_arg("domain", domain)?;
        let work = slf
            .get()
            .engine()
            .resolve_many_future(vec![domain], Kind::Shared);
        coroutine(
            slf.py(),
            Box::pin(work),
            move |py, (hosts, warnings): Groups| {
                emit_warnings(&warnings);
                first(py, hosts)
            },
        )
    }

    /// `expand_entry` as a coroutine.
    fn expand_entry_async<'py>(
        slf: &Bound<'py, Self>,
        entry: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let entry = str_arg("entry", entry)?;
        groups_coroutine(slf, vec![vec![entry]], first)
    }

    /// `expand_entries` as a coroutine: all `mx:` lookups at once.
    fn expand_entries_async<'py>(
        slf: &Bound<'py, Self>,
        entries: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let entries = str_list("entries", entries)?;
        groups_coroutine(slf, vec![entries], first)
    }

    /// `expand_entry_groups` as a coroutine (used by `Clusters.resolve_all_async`).
    fn expand_entry_groups_async<'py>(
        slf: &Bound<'py, Self>,
        groups: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let mut lists = Vec::new();
        for (i, group) in groups.try_iter()?.enumerate() {
            lists.push(str_list(&format!("groups[{i}]"), &group?)?);
        }
        groups_coroutine(slf, lists, all)
    }
}
