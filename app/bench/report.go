package bench

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// section is one block of the printed table.
type section struct {
	title  string
	header []string
	rows   [][]string
}

func (r *Result) section(title string, header ...string) *section {
	s := &section{title: title, header: header}
	r.sections = append(r.sections, s)
	return s
}

func (s *section) row(cells ...string) { s.rows = append(s.rows, cells) }

func (r *Result) fig(name string, v float64) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		v = 0
	}
	// Five significant digits: enough to compare runs, short to read.
	r.Figures[name], _ = strconv.ParseFloat(strconv.FormatFloat(v, 'g', 5, 64), 64)
}

// failed records the failed requests of a measurement, if any.
func (r *Result) failed(name string, st Stats) {
	if st.Errors > 0 {
		r.Errors[name] = st.Errors
		r.Notes = append(r.Notes, fmt.Sprintf("%s: %d of %d requests failed, the first: %s", name, st.Errors, st.Requests, st.FirstError))
	}
}

// WriteTable prints the sections as aligned columns, then the notes.
func (r *Result) WriteTable(w io.Writer) error {
	fmt.Fprintf(w, "Procura bench: %d suggestions, %d hearings, %d cases (+ the demo's), %v per measurement, server %s\n",
		r.Sizes["suggestions"], r.Sizes["hearings"], r.Sizes["cases"], time.Duration(r.DurationS*float64(time.Second)), r.Server)
	for _, s := range r.sections {
		fmt.Fprintf(w, "\n%s\n", s.title)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, strings.Join(s.header, "\t")+"\t")
		for _, row := range s.rows {
			fmt.Fprintln(tw, strings.Join(row, "\t")+"\t")
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	if len(r.Notes) > 0 {
		fmt.Fprintln(w, "\nNotes:")
		for _, n := range r.Notes {
			fmt.Fprintln(w, "- "+n)
		}
	}
	return nil
}

// WriteJSON prints every figure as one line of JSON.
func (r *Result) WriteJSON(w io.Writer) error {
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", b)
	return err
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func msText(d time.Duration) string {
	switch {
	case d >= 100*time.Millisecond:
		return fmt.Sprintf("%.0f ms", ms(d))
	case d >= 10*time.Millisecond:
		return fmt.Sprintf("%.1f ms", ms(d))
	}
	return fmt.Sprintf("%.2f ms", ms(d))
}

func rate(v float64) string {
	if v >= 100 {
		return fmt.Sprintf("%.0f", v)
	}
	return fmt.Sprintf("%.1f", v)
}

func secs(d time.Duration) string { return fmt.Sprintf("%.2f", d.Seconds()) }

func mb(b int64) float64 { return float64(b) / (1 << 20) }
