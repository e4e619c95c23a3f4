//! The one call behind `Clusters.resolve_all()`: every cluster's entries
//! expanded (all `mx:` lookups at once) and completed by `get_hosts`, in one
//! crossing from Python and one back.

use pyo3::prelude::*;

use super::args::{str_arg, str_list};
use super::engine::PyMxDiscovery;
use crate::discovery::get_hosts;

#[pymethods]
impl PyMxDiscovery {
    /// For each group of entries (a cluster, already checked by `Clusters`):
    /// its expansion passed through `get_hosts(..., domain)`. Warnings are
    /// logged on the calling thread once the lookups are done.
    #[pyo3(name = "_cluster_hosts")]
    fn cluster_hosts(
        &self,
        py: Python<'_>,
        groups: &Bound<'_, PyAny>,
        domain: &Bound<'_, PyAny>,
    ) -> PyResult<Vec<Vec<String>>> {
        let domain = str_arg("domain", domain)?;
        let mut lists = Vec::new();
        for (i, group) in groups.try_iter()?.enumerate() {
            lists.push(str_list(&format!("groups[{i}]"), &group?)?);
        }
        let expanded = self.expand_groups(py, lists)?;
        Ok(expanded
            .iter()
            .map(|hosts| get_hosts(hosts, &domain))
            .collect())
    }
}
