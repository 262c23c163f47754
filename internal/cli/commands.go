package cli

import (
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/reperes-ia/reperes/index"
	"github.com/reperes-ia/reperes/internal/api"
	"github.com/reperes-ia/reperes/internal/eval"
	"github.com/reperes-ia/reperes/internal/kb"
	"github.com/reperes-ia/reperes/internal/load"
)

func (a *app) checkCmd() *cobra.Command {
	var dir string
	cmd := &cobra.Command{
		Use:   "check [--content DIR]",
		Short: "Validate the content and report every problem as file:line:col: message",
		Long: `Check reads the content (the embedded content, or --content DIR) and validates
it: front matter, clause headings and attributes, vocabularies, references,
sources. It prints every problem, one per line, as file:line[:col]: message,
and exits with status 1 if there is any.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := a.loadContent(dir)
			if err != nil {
				return a.reportContentErrors(err)
			}
			fmt.Fprintf(a.stdout, "ok: %d documents, %d clauses, %d questions pratiques, %d glossary terms\n", len(c.Documents), c.NumClauses(), len(c.Questions), len(c.Glossary))
			return nil
		},
	}
	cmd.Flags().StringVar(&dir, "content", "", "check the content in `DIR` instead of the embedded content")
	return cmd
}

// reportContentErrors prints the problems of a content tree, one per line,
// and a count.
func (a *app) reportContentErrors(err error) error {
	problems := load.Errors(err)
	if len(problems) == 0 {
		return err
	}
	for _, p := range problems {
		fmt.Fprintln(a.stderr, p)
	}
	fmt.Fprintf(a.stderr, "%d problem(s) in the content\n", len(problems))
	return errReported
}

func (a *app) buildCmd() *cobra.Command {
	var dir, out string
	cmd := &cobra.Command{
		Use:   "build [--content DIR] [--index DIR]",
		Short: "Validate the content, then build the search index atomically",
		Long: `Build validates the content like check, then writes its search index to
--index DIR (default ` + DefaultIndex + `). The new index replaces the old one in a
single step: if validation or the build fails, or the build is interrupted, the
previous index stays as it was.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			start := time.Now()
			c, err := a.loadContent(dir)
			if err != nil {
				return a.reportContentErrors(err)
			}
			if err := index.Build(out, c); err != nil {
				return fmt.Errorf("build %s: %w", out, err)
			}
			fmt.Fprintf(a.stdout, "indexed %d clauses from %d documents into %s in %s\n",
				c.NumClauses(), len(c.Documents), out, time.Since(start).Round(time.Millisecond))
			return nil
		},
	}
	cmd.Flags().StringVar(&dir, "content", "", "index the content in `DIR` instead of the embedded content")
	cmd.Flags().StringVar(&out, "index", DefaultIndex, "write the index to `DIR`")
	return cmd
}

// filterFlags are the search filters, as typed: one flag per facet (the
// command line's contract names them).
// --filter FACET=VALUE reaches any facet of the taxonomy, those it adds
// included.
type filterFlags struct {
	roles, themes, kinds, natures []string
	other                         []string // FACET=VALUE
}

// flagFacets are the facets that have a flag of their own.
var flagFacets = []string{kb.FacetRole, kb.FacetTheme, kb.FacetKind, kb.FacetNature}

// filters returns the values typed, by facet name.
func (f *filterFlags) filters() (kb.Filters, error) {
	out := make(kb.Filters)
	for name, vals := range map[string][]string{
		kb.FacetRole: f.roles, kb.FacetTheme: f.themes, kb.FacetKind: f.kinds, kb.FacetNature: f.natures,
	} {
		if len(vals) > 0 {
			out[name] = slices.Clone(vals) // --filter may add to it
		}
	}
	for _, fv := range f.other {
		name, val, ok := strings.Cut(fv, "=")
		if !ok || name == "" {
			return nil, usageError(fmt.Errorf("--filter %q: write FACET=VALUE, e.g. --filter theme=rgpd", fv))
		}
		out[name] = append(out[name], val)
	}
	return out, nil
}

func (f *filterFlags) add(cmd *cobra.Command, a *app) {
	cmd.Flags().StringArrayVar(&f.roles, "role", nil, "keep clauses for role `R` (repeatable; OR within roles)")
	cmd.Flags().StringArrayVar(&f.themes, "theme", nil, "keep clauses on theme `T` (repeatable; OR within themes)")
	cmd.Flags().StringArrayVar(&f.kinds, "kind", nil, "keep clauses from documents of kind `K` (repeatable)")
	cmd.Flags().StringArrayVar(&f.natures, "nature", nil, "keep clauses of nature `N` (repeatable)")
	cmd.Flags().StringArrayVar(&f.other, "filter", nil, "keep clauses with value V of facet F, written `F=V` (any facet of the taxonomy; repeatable)")
	// The flags are named after the facets.
	for _, facet := range flagFacets {
		_ = cmd.RegisterFlagCompletionFunc(facet, func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			return a.completions(func(c *kb.Corpus) (out []string) {
				for _, f := range c.Taxonomy.Facets() {
					if f.Name == facet {
						for _, t := range f.Vocab.Terms {
							out = append(out, t.ID+"\t"+t.Label)
						}
					}
				}
				return out
			})
		})
	}
}

func (a *app) searchCmd() *cobra.Command {
	var (
		src      sourceFlags
		filters  filterFlags
		size     int
		page     int
		document string
		asJSON   bool
	)
	cmd := &cobra.Command{
		Use:   "search [--role R]... [--theme T]... [--kind K]... [--document D] [--size N] [--page N] [--json] QUERY...",
		Short: "Search the clauses",
		Long: `Search finds the clauses that answer QUERY, typed as people type: accents,
case and elisions do not matter, acronyms and English words are understood
(RGPD, GDPR), and a typo in a long word is forgiven. With no QUERY, it lists
the clauses that pass the filters. As the search page, it shows first the
definition of the glossary term QUERY names, the question pratique that
answers it (verdict, short answer, the clauses it rests on) and questions
proches, if any.

Filters accept ids, labels and aliases (--theme gdpr is --theme rgpd). They
combine with OR within a facet and AND across facets. --document restricts
the search to one document's clauses (its id, as in /documents). --json
prints exactly the body of GET /api/search.`,
		Example: `  reperes search donnees eleves
  reperes search --role aesh --theme rgpd
  reperes search --json "IA générative" --kind officiel`,
		RunE: func(cmd *cobra.Command, args []string) error {
			s, ix, err := a.searcher(src)
			if err != nil {
				return err
			}
			defer ix.Close()
			f, err := filters.filters()
			if err != nil {
				return err
			}
			params := kb.QueryParams{
				Q: strings.Join(args, " "), Filters: f,
				Document: document, Size: strconv.Itoa(size), Page: strconv.Itoa(page),
			}
			q, err := s.Corpus().ParseQuery(params)
			if err != nil {
				return err
			}
			res, err := s.Search(cmd.Context(), q)
			if err != nil {
				return err
			}
			if asJSON {
				return api.Write(a.stdout, api.NewSearchBody(s.Corpus(), res))
			}
			printResults(a.stdout, s.Corpus(), res, isTerminal(a.stdout))
			return nil
		},
	}
	src.add(cmd)
	filters.add(cmd, a)
	cmd.Flags().IntVar(&size, "size", kb.DefaultSize, fmt.Sprintf("results per page, 1 to %d", kb.MaxSize))
	cmd.Flags().IntVar(&page, "page", 1, "page of results, from 1")
	cmd.Flags().StringVar(&document, "document", "", "only the clauses of this document (its id)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the JSON body of GET /api/search")
	return cmd
}

// completions answers a shell completion from the embedded content.
func (a *app) completions(list func(c *kb.Corpus) []string) ([]string, cobra.ShellCompDirective) {
	c, err := a.loadContent("")
	if err != nil {
		return nil, cobra.ShellCompDirectiveError
	}
	return list(c), cobra.ShellCompDirectiveNoFileComp
}

// clauseIDs completes clause ids for show and cite.
func (a *app) clauseIDs(_ *cobra.Command, args []string, prefix string) ([]string, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	return a.completions(func(c *kb.Corpus) (out []string) {
		for _, cl := range c.Clauses() {
			if strings.HasPrefix(cl.ID, prefix) {
				out = append(out, cl.ID+"\t"+cl.Title)
			}
		}
		return out
	})
}

func (a *app) showCmd() *cobra.Command {
	var (
		src     sourceFlags
		asJSON  bool
		baseURL string
	)
	cmd := &cobra.Command{
		Use:   "show [--json] ID",
		Short: "Show a clause with its sources, references and citation",
		Long: `Show prints the clause ID: its text, document, section, tags, sources, the
clauses it refers to and those that refer to it (what the unions and EI say
about it). --json prints exactly the body of GET /api/clauses/{id}.`,
		Args:              exactArgs(1),
		ValidArgsFunction: a.clauseIDs,
		RunE: func(cmd *cobra.Command, args []string) error {
			c, done, err := a.corpus(src)
			if err != nil {
				return err
			}
			defer done()
			cl, err := c.Clause(args[0])
			if err != nil {
				return err
			}
			body := api.NewClauseBody(c, cl, baseURL)
			if asJSON {
				return api.Write(a.stdout, body)
			}
			printClause(a.stdout, c, cl, body)
			return nil
		},
	}
	src.add(cmd)
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the JSON body of GET /api/clauses/{id}")
	cmd.Flags().StringVar(&baseURL, "base-url", "", "public address of the site, for the citation link (`URL`)")
	return cmd
}

func (a *app) citeCmd() *cobra.Command {
	var (
		src      sourceFlags
		format   string
		baseURL  string
		comments bool
	)
	cmd := &cobra.Command{
		Use:   "cite [--format text|markdown] [--comments] ID...",
		Short: "Print a ready-to-paste citation of a clause, or a dossier of several",
		Long: `Cite prints the citation of the clause ID: its text, title, document,
publisher, date, version and section, whether the text is a summary, the
address of the original and a stable link.

With several IDs, it prints them as one dossier, in the order given, as the
page /dossier?ids=… copies it; --comments adds, under each clause, what the
unions, EI and the context say about it. At most 50 clauses.`,
		Args:              minArgs(1),
		ValidArgsFunction: a.clauseIDs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "text" && format != "markdown" {
				return usageError(fmt.Errorf("--format must be text or markdown, not %q", format))
			}
			ids, err := kb.ParseDossierIDs(args)
			if err != nil {
				return usageError(err)
			}
			c, done, err := a.corpus(src)
			if err != nil {
				return err
			}
			defer done()
			if len(args) == 1 && !comments {
				cl, err := c.Clause(args[0])
				if err != nil {
					return err
				}
				cit := c.Cite(cl, baseURL)
				if format == "markdown" {
					fmt.Fprintln(a.stdout, cit.Markdown)
				} else {
					fmt.Fprintln(a.stdout, cit.Text)
				}
				return nil
			}
			d := c.Dossier(ids, baseURL)
			if len(d.Unknown) > 0 {
				return fmt.Errorf("%w: %s", kb.ErrNotFound, strings.Join(d.Unknown, ", "))
			}
			if format == "markdown" {
				fmt.Fprint(a.stdout, d.Markdown(c.Taxonomy, comments))
			} else {
				fmt.Fprint(a.stdout, d.Text(c.Taxonomy, comments))
			}
			return nil
		},
	}
	src.add(cmd)
	cmd.Flags().StringVar(&format, "format", "text", "citation format: `text` or markdown")
	cmd.Flags().StringVar(&baseURL, "base-url", "", "public address of the site, for the citation link (`URL`)")
	cmd.Flags().BoolVar(&comments, "comments", false, "under each clause, what the unions, EI and the context say about it")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"text", "markdown"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func (a *app) evalCmd() *cobra.Command {
	var (
		src        sourceFlags
		minSuccess float64
		minMRR     float64
		minAnswer  float64
		minSilence float64
		quiet      bool
	)
	cmd := &cobra.Command{
		Use:   "eval [--min-success F] [--min-mrr F] [--min-answer F] [--min-silence F] FILE...",
		Short: "Measure search quality on files of judged queries",
		Long: `Eval runs every query of each FILE, a YAML list of judged queries:

  - query: donnees eleves chatgpt
    role: [enseignant]          # optional: role, theme, kind, nature
    want: [cadre-obligations-donnees-personnelles-outils-grand-public]
    answer: notes-eleves-dans-chatgpt   # optional: the question pratique
                                        # shown first, « aucune » (none
                                        # answers it) or « hors-cadre »
                                        # (none: outside the framework)

It prints the rank of the first wanted clause for each query (✗ when none is
in the first 10 results) and whether the answer shown is the expected one,
then per file and over all files: success@5 and MRR@10 on the clauses, the
share of queries whose expected question is shown first, and the share of
queries without answer that show none (and of those outside the framework
alone), and the share of the cards shown that are the expected question.
It exits with status 1 when a figure
over all files is below its threshold.`,
		Args: minArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, ix, err := a.searcher(src)
			if err != nil {
				return err
			}
			defer ix.Close()
			var reports []eval.Report
			for _, name := range args {
				raw, err := os.ReadFile(name)
				if err != nil {
					return usageError(err) // the argument names no judged query file
				}
				cases, err := eval.Parse(name, raw, s.Corpus())
				if err != nil {
					return err
				}
				report, err := eval.Run(cmd.Context(), s, cases)
				if err != nil {
					return err
				}
				if !quiet {
					report.Print(a.stdout)
				}
				reports = append(reports, report)
			}
			if len(args) > 1 || quiet {
				for i, r := range reports {
					r.PrintTotals(a.stdout, args[i]+": ")
				}
			}
			all := eval.Merge(reports...)
			if len(args) > 1 {
				all.PrintTotals(a.stdout, "all: ")
			}
			var below []string
			for _, bar := range []struct {
				name     string
				got, min float64
				n        int
			}{
				{"success@5", all.SuccessAt5, minSuccess, all.Clauses},
				{"MRR", all.MRR, minMRR, all.Clauses},
				{"expected answer first", all.AnswerFirst, minAnswer, all.Answered},
				{"no answer when none", all.Silent, minSilence, all.Unanswered},
			} {
				if bar.n > 0 && bar.got < bar.min {
					below = append(below, fmt.Sprintf("%s %.3f (min %.3f)", bar.name, bar.got, bar.min))
				}
			}
			if len(below) > 0 {
				return fmt.Errorf("below the bar: %s", strings.Join(below, ", "))
			}
			return nil
		},
	}
	src.add(cmd)
	cmd.Flags().Float64Var(&minSuccess, "min-success", 0, "fail if success@5 is below `F` (0 to 1)")
	cmd.Flags().Float64Var(&minMRR, "min-mrr", 0, "fail if MRR@10 is below `F` (0 to 1)")
	cmd.Flags().Float64Var(&minAnswer, "min-answer", 0, "fail if the share of expected questions shown first is below `F` (0 to 1)")
	cmd.Flags().Float64Var(&minSilence, "min-silence", 0, "fail if the share of unanswerable queries that show no answer is below `F` (0 to 1)")
	cmd.Flags().BoolVar(&quiet, "quiet", false, "print the figures only, not each query")
	return cmd
}
