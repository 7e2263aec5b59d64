//! Python binding (work in progress).
