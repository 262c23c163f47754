package export

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestScriptFileEscapes: a data script sets its global to the value it was
// given, whatever its strings hold — quotes of both kinds, backslashes,
// line breaks and the two separators a JavaScript string once refused,
// « </script> » — as a browser evaluates it (Node here).
func TestScriptFileEscapes(t *testing.T) {
	value := map[string]any{
		"apostrophes": "l'IA, l’IA, '' et \\'",
		"quotes":      `« guillemets » et "doubles"`,
		"backslashes": `C:\chemin\n'est pas une fin de ligne \\ \u2028`,
		"breaks":      "une ligne\nune autre\r\n\ttabulée\u2028\u2029fin",
		"script":      "</script><script>alert(1)</script>",
		"list":        []any{"a'b", `c\d`, 1.5, true, nil},
	}
	name, script, err := scriptFile("essai", "REPERES_ESSAI", "a test", value)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(name, "essai-") || !strings.HasSuffix(name, ".js") {
		t.Errorf("name %q, want essai-<digest>.js", name)
	}
	src := string(script)
	const head, tail = "window.REPERES_ESSAI = JSON.parse('", "');\n"
	i := strings.Index(src, head)
	if i < 0 || !strings.HasSuffix(src, tail) {
		t.Fatalf("script does not set the global with JSON.parse of a string:\n%s", src)
	}
	literal := src[i+len(head) : len(src)-len(tail)]
	if strings.ContainsAny(literal, "\n\r\u2028\u2029") {
		t.Errorf("the string literal holds a raw line break: %q", literal)
	}
	// The literal as JavaScript reads it: \\ is a backslash, \' a quote, and
	// nothing else may follow a backslash.
	var js strings.Builder
	for j := 0; j < len(literal); j++ {
		c := literal[j]
		switch {
		case c == '\'':
			t.Fatalf("an unescaped quote ends the string early at %d: %q", j, literal)
		case c != '\\':
			js.WriteByte(c)
		case j+1 < len(literal) && (literal[j+1] == '\\' || literal[j+1] == '\''):
			js.WriteByte(literal[j+1])
			j++
		default:
			t.Fatalf("a backslash the string would read as an escape at %d: %q", j, literal)
		}
	}
	var back any
	if err := json.Unmarshal([]byte(js.String()), &back); err != nil {
		t.Fatalf("the string is not the JSON of the value: %v\n%s", err, js.String())
	}
	want := roundTrip(t, value)
	if !reflect.DeepEqual(back, want) {
		t.Errorf("the string's JSON decodes to\n%v\nwant\n%v", back, want)
	}

	// And as a JavaScript engine evaluates the whole script.
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("node is needed to evaluate the script")
		}
		t.Skip("node not found: the script was checked by reading only")
	}
	file := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(file, script, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(node, "-e", `const w = {};
new Function("window", require("fs").readFileSync(process.argv[1], "utf8"))(w);
process.stdout.write(JSON.stringify(w.REPERES_ESSAI));`, file).Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	var evaluated any
	if err := json.Unmarshal(out, &evaluated); err != nil {
		t.Fatalf("node printed %q: %v", out, err)
	}
	if !reflect.DeepEqual(evaluated, want) {
		t.Errorf("node sets the global to\n%v\nwant\n%v", evaluated, want)
	}
}

// roundTrip returns v as JSON decodes it (numbers as float64, lists as
// []any), to compare with what a script sets.
func roundTrip(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}
