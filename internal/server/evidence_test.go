package server_test

import (
	"encoding/json"
	"html"
	"net/http"
	"strings"
	"testing"
)

// TestEvidenceShown: a clause's evidence is in its JSON and on its page
// next to the citation; the about page explains every level; a link that
// the commenting source does not make is marked as the editors' reading,
// on the page and in the JSON.
func TestEvidenceShown(t *testing.T) {
	ts := bundledServer(t)
	var body struct {
		Evidence struct {
			Level, Label, Note string
			Sources            int
		}
		ReferencedBy []struct {
			ID        string
			Editorial bool
		} `json:"referenced_by"`
	}
	decode := func(path string) {
		t.Helper()
		r := get(t, ts, path)
		if r.status != http.StatusOK {
			t.Fatalf("%s: %d", path, r.status)
		}
		body.Evidence.Level, body.ReferencedBy = "", nil
		if err := json.Unmarshal(r.body, &body); err != nil {
			t.Fatal(err)
		}
	}

	// A union position written from the union's own text.
	decode("/api/clauses/seunsa-texte-attendu")
	if body.Evidence.Level != "texte" || body.Evidence.Label != "Texte de l'auteur" || body.Evidence.Sources != 1 {
		t.Errorf("seunsa-texte-attendu: evidence %+v", body.Evidence)
	}

	// A framework clause: reconstructed from secondary sources, it warns
	// that the official text was not read; EI's comment on it is the
	// editors' reading, SE-Unsa's is not.
	decode("/api/clauses/cadre-obligations-rgpd")
	if body.Evidence.Level == "texte" || !strings.Contains(body.Evidence.Note, "texte officiel lui-même") {
		t.Errorf("cadre-obligations-rgpd: evidence %+v", body.Evidence)
	}
	editorial := map[string]bool{}
	for _, r := range body.ReferencedBy {
		editorial[r.ID] = r.Editorial
	}
	if e, ok := editorial["ie-reaffirme-resolutions"]; !ok || !e {
		t.Errorf("EI's comment is not marked editorial: %v", editorial)
	}
	if e, ok := editorial["seunsa-avancee-donnees-transparence"]; !ok || e {
		t.Errorf("SE-Unsa's comment is marked editorial: %v", editorial)
	}
	page := string(get(t, ts, "/clauses/cadre-obligations-rgpd").body)
	citer := page[strings.Index(page, `id="citer-titre"`):]
	if !strings.Contains(citer, `<p class="preuve preuve-`+body.Evidence.Level+`"><strong>Fiabilité : `+html.EscapeString(body.Evidence.Label)+`.</strong>`) {
		t.Errorf("the clause page does not show its evidence in the citation section")
	}
	if !strings.Contains(page, "(rapprochement éditorial)") {
		t.Error("the clause page does not mark the editors' links")
	}

	// The about page explains the levels, with their counts.
	about := string(get(t, ts, "/a-propos").body)
	if !strings.Contains(about, `id="fiabilite"`) {
		t.Error("the about page has no #fiabilite anchor")
	}
	for _, want := range []string{"Texte de l'auteur", "Sources concordantes", "Source unique", "Sources secondaires", "Placement incertain", "Sources en désaccord", "rapprochement éditorial"} {
		if !strings.Contains(about, html.EscapeString(want)) {
			t.Errorf("the about page lacks %q", want)
		}
	}

	// The positions map says which columns are the editors' reading: EI's
	// conclusions never discuss the framework, SE-Unsa's text does.
	positions := string(get(t, ts, "/positions").body)
	for _, col := range []struct {
		label     string
		editorial bool
	}{{"Internationale de l&#39;Éducation", true}, {"SE-Unsa", false}} {
		i := strings.Index(positions, ">"+col.label+"</a>")
		if i < 0 {
			t.Fatalf("no column %s", col.label)
		}
		head := positions[i : i+strings.Index(positions[i:], "</th>")]
		if strings.Contains(head, "rapprochements éditoriaux") != col.editorial {
			t.Errorf("column %s: editorial %v, header %q", col.label, !col.editorial, head)
		}
	}

	// The dossier carries the evidence too, in its page and its Markdown.
	d := string(get(t, ts, "/dossier.md?ids=seunsa-texte-attendu").body)
	if !strings.Contains(d, "Fiabilité : Texte de l'auteur.") {
		t.Errorf("the dossier's Markdown lacks the evidence:\n%s", d)
	}
	// A framework clause: its note is in the dossier, and its citation says
	// that its place in the text is not confirmed.
	d = string(get(t, ts, "/dossier.md?ids=cadre-obligations-rgpd&commentaires=1").body)
	for _, want := range []string{"\nÀ noter : ", "(emplacement non confirmé)", "Fiabilité : ", "- SE-Unsa (soutient, fiabilité : texte de l'auteur), "} {
		if !strings.Contains(d, want) {
			t.Errorf("the dossier's Markdown lacks %q:\n%s", want, d)
		}
	}
}
