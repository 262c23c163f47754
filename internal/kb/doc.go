// Package kb is the domain model of Repères IA: documents and their clauses,
// the vocabularies that tag them, search queries and their results, and the
// citation of a clause.
//
// It imports only the standard library, so every other package (the loader,
// the index, the search engine, the server, the export) can share these types
// without sharing their dependencies.
//
// A Corpus is built once, by the loader or by decoding an index's copy of it,
// and is read-only afterwards: it is safe for concurrent use.
package kb
