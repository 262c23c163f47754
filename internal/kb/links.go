package kb

// Link is a clause at the other end of a reference, with its stance and
// whether the link is the editors' reading.
type Link struct {
	Clause    *Clause
	Stance    string
	Editorial bool
}

// LinksFrom returns the clauses that cl refers to, in its order.
func (c *Corpus) LinksFrom(cl *Clause) []Link { return c.links(cl, cl.References, false) }

// LinksTo returns the clauses that refer to cl, in corpus order.
func (c *Corpus) LinksTo(cl *Clause) []Link { return c.links(cl, c.referencedBy[cl.ID], true) }

func (c *Corpus) links(cl *Clause, refs []Reference, incoming bool) []Link {
	var out []Link
	for _, r := range refs {
		other, ok := c.clauses[r.ID]
		if !ok {
			continue // the loader rejects dangling references
		}
		from, to := cl, other
		if incoming {
			from, to = other, cl
		}
		out = append(out, Link{Clause: other, Stance: r.Stance, Editorial: c.Editorial(from, to)})
	}
	return out
}

// Editorial reports whether the reference from a clause to another is the
// editors' reading rather than a link the source makes: the editors say so
// (Reference.Editorial), or the source of from does not discuss the
// document of to.
func (c *Corpus) Editorial(from, to *Clause) bool {
	for _, r := range from.References {
		if r.ID == to.ID && r.Editorial {
			return true
		}
	}
	if from.Document == to.Document {
		return false
	}
	d := c.documents[from.Document]
	if d == nil {
		return false
	}
	for _, a := range d.Addresses {
		if a == to.Document {
			return false
		}
	}
	return true
}
