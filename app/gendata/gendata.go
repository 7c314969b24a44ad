// Package gendata generates realistic case data deterministically from a
// seed: cases spread over units, class-case categories and prosecutors,
// each with the procedural events a case of its kind goes through, tuned
// so that the case-to-proceeding ratio comes out near 1:1.07. The demo
// data and the gen-data command both use it; gen-data writes the national
// case system's export format and imports it through the import path.
package gendata

import (
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"sort"
	"strconv"

	"procura/domain"
)

// Unit is a unit that receives cases.
type Unit struct {
	Code        string
	Short       string   // 仙检, for the department number
	Weight      float64  // relative share of the cases
	Prosecutors []string // usernames or names
}

// ProvinceUnits are the units that receive generated cases: every active
// unit below province (not the province itself), a branch with 0.3 of a
// basic procuratorate's share, each with eight prosecutors named by
// ProsecutorName, in code order.
func ProvinceUnits(units map[string]domain.Unit, province domain.Unit) []Unit {
	var out []Unit
	for _, u := range units {
		if !u.Active || u.Level == domain.LevelProvince || !domain.InSubtree(u.Path, province.Path) {
			continue
		}
		w := 1.0
		if u.Level == domain.LevelBranch || u.Level == domain.LevelCity {
			w = 0.3
		}
		var pros []string
		for k := 1; k <= 8; k++ {
			pros = append(pros, ProsecutorName(u.Code, k))
		}
		out = append(out, Unit{Code: u.Code, Short: u.ShortName, Weight: w, Prosecutors: pros})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

// ProsecutorName is the name of generated prosecutor k (1–8) of a unit.
func ProsecutorName(unitCode string, k int) string { return fmt.Sprintf("检察官%s-%d", unitCode, k) }

// Category is a class-case category with its relative share.
type Category struct {
	Code   string
	Weight float64
}

// DefaultCategories is a mix of cases like a basic procuratorate's.
var DefaultCategories = []Category{
	{"dangerous_driving", 26}, {"drug", 14}, {"fraud", 11}, {"telecom_fraud", 12}, {"traffic_accident", 8},
	{"financial", 4}, {"environment", 3}, {"work_safety", 2}, {"campus_safety", 1}, {"juvenile", 4}, {"other", 15},
}

// Config says what to generate.
type Config struct {
	Units      []Unit
	Categories []Category
	From, To   domain.Date // received dates; no event is dated after To
	Cases      int
	Seed       uint64
	// Reserved are unified numbers that the generator must not use (cases
	// that exist already, such as those the demo's suggestions name).
	Reserved map[string]bool
}

// Event is one generated event.
type Event struct {
	Event   domain.CaseEvent
	On      domain.Date
	Persons int
}

// Case is one generated case with its events.
type Case struct {
	UnifiedNo  string
	DeptNo     string
	UnitCode   string
	CaseType   string
	Category   string
	Prosecutor string
	ReceivedOn domain.Date
	Persons    int
	Events     []Event
}

// Generate calls emit for each case, in received order within each unit
// and year; the same Config gives the same cases.
func Generate(cfg Config, emit func(Case) error) error {
	if len(cfg.Units) == 0 || cfg.Cases <= 0 || cfg.To.Before(cfg.From) {
		return fmt.Errorf("gendata: nothing to generate")
	}
	cats := cfg.Categories
	if len(cats) == 0 {
		cats = DefaultCategories
	}
	rng := rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x9e3779b97f4a7c15))
	unitW := make([]float64, len(cfg.Units))
	for i, u := range cfg.Units {
		unitW[i] = u.Weight
	}
	catW := make([]float64, len(cats))
	for i, c := range cats {
		catW[i] = c.Weight
	}
	days := cfg.From.DaysUntil(cfg.To) + 1
	seq := map[string]int{}
	for i := 0; i < cfg.Cases; i++ {
		u := cfg.Units[pick(rng, unitW)]
		received := cfg.From.AddDays(rng.IntN(days))
		key := u.Code + strconv.Itoa(received.Year())
		var no string
		for {
			seq[key]++
			no = fmt.Sprintf("%s%04d%07d", u.Code, received.Year(), seq[key])
			if !cfg.Reserved[no] {
				break
			}
		}
		c := Case{UnifiedNo: no, DeptNo: fmt.Sprintf("%s刑诉受[%d]%s%06d号", u.Short, received.Year(), u.Code, seq[key]),
			UnitCode: u.Code, Category: cats[pick(rng, catW)].Code, ReceivedOn: received, Persons: persons(rng)}
		if len(u.Prosecutors) > 0 {
			c.Prosecutor = u.Prosecutors[rng.IntN(len(u.Prosecutors))]
		}
		c.Events = Events(rng, c.ReceivedOn, c.Persons, cfg.To)
		c.CaseType = "审查起诉"
		if len(c.Events) > 0 && c.Events[0].Event == domain.EventArrestReviewReceived {
			c.CaseType = "审查逮捕"
		}
		if err := emit(c); err != nil {
			return err
		}
	}
	return nil
}

func pick(rng *rand.Rand, weights []float64) int {
	total := 0.0
	for _, w := range weights {
		total += w
	}
	x := rng.Float64() * total
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

func persons(rng *rand.Rand) int {
	switch x := rng.IntN(100); {
	case x < 80:
		return 1
	case x < 95:
		return 2
	default:
		return 3 + rng.IntN(3)
	}
}

// Events generates the events of a case received on d with n persons,
// none after last: about 45% come for arrest review first, the others
// straight for prosecution review; a few are returned for supplementary
// investigation (at most twice) or have the review extended; most end in
// prosecution, with plea leniency and sentencing recommendations, some in
// non-prosecution; a few are appealed, protested or petitioned.
func Events(rng *rand.Rand, d domain.Date, n int, last domain.Date) []Event {
	var out []Event
	add := func(e domain.CaseEvent, on domain.Date, persons int) bool {
		if on.After(last) || persons <= 0 {
			return false
		}
		out = append(out, Event{Event: e, On: on, Persons: persons})
		return true
	}
	chance := func(p float64) bool { return rng.Float64() < p }
	review := d
	if chance(0.45) {
		add(domain.EventArrestReviewReceived, d, n)
		decided := d.AddDays(5 + rng.IntN(3))
		denied := 0
		for k := 0; k < n; k++ {
			if chance(0.25) {
				denied++
			}
		}
		if !add(domain.EventArrestApproved, decided, n-denied) && n-denied > 0 {
			return out
		}
		if denied > 0 {
			if !add(domain.EventArrestDenied, decided, denied) {
				return out
			}
			if chance(0.045) {
				add(domain.EventReconsideration, decided.AddDays(5+rng.IntN(5)), 1)
			}
		}
		if denied == n && chance(0.6) {
			return out // released; the police may not transfer the case
		}
		review = decided.AddDays(30 + rng.IntN(45))
	}
	if !add(domain.EventProsecutionReviewReceived, review, n) {
		return out
	}
	end := review.AddDays(20 + rng.IntN(25))
	if chance(0.045) {
		if !add(domain.EventReturnedForInvestigation, review.AddDays(15+rng.IntN(15)), n) {
			return out
		}
		end = end.AddDays(40)
		if chance(0.15) {
			if !add(domain.EventReturnedForInvestigation, review.AddDays(75+rng.IntN(15)), n) {
				return out
			}
			end = end.AddDays(40)
		}
	}
	if chance(0.025) {
		if !add(domain.EventReviewExtended, review.AddDays(28), n) {
			return out
		}
		end = end.AddDays(15)
	}
	notPros := 0
	for k := 0; k < n; k++ {
		if chance(0.12) {
			notPros++
		}
	}
	plea := 0
	for k := 0; k < n; k++ {
		if chance(0.86) {
			plea++
		}
	}
	if end.After(last) {
		return out
	}
	add(domain.EventPleaLeniency, end.AddDays(-3), plea)
	add(domain.EventNotProsecuted, end, notPros)
	if pros := n - notPros; add(domain.EventProsecuted, end, pros) {
		rec := pros
		if chance(0.1) {
			rec = pros - 1
		}
		if add(domain.EventSentencingRecommended, end, rec) {
			adopted := 0
			for k := 0; k < rec; k++ {
				if chance(0.9) {
					adopted++
				}
			}
			// The judgment that adopts it comes within days (速裁、简易程序),
			// in the same month, so that the rate stays a share.
			judged := end.AddDays(3 + rng.IntN(12))
			if monthEnd := domain.NewDate(end.Year(), end.Month()+1, 0); judged.After(monthEnd) {
				judged = monthEnd
			}
			add(domain.EventSentencingAdopted, judged, adopted)
		}
		switch x := rng.Float64(); {
		case x < 0.006:
			add(domain.EventAppeal, end.AddDays(50+rng.IntN(20)), 1)
		case x < 0.008:
			add(domain.EventProtest, end.AddDays(50+rng.IntN(20)), 1)
		case x < 0.009:
			add(domain.EventPetition, end.AddDays(120+rng.IntN(60)), 1)
		}
	}
	if notPros > 0 && chance(0.01) {
		add(domain.EventReview, end.AddDays(20+rng.IntN(20)), 1)
	}
	return out
}

// CaseWriter writes generated cases as the national case system's cases
// export, with English headers.
type CaseWriter struct{ w *csv.Writer }

// NewCaseWriter starts the file with its header.
func NewCaseWriter(w io.Writer) (*CaseWriter, error) {
	cw := &CaseWriter{w: csv.NewWriter(w)}
	return cw, cw.w.Write([]string{"unified_no", "dept_no", "unit_code", "case_type", "category", "prosecutor", "received_on", "persons"})
}

// Write adds a case.
func (w *CaseWriter) Write(c Case) error {
	return w.w.Write([]string{c.UnifiedNo, c.DeptNo, c.UnitCode, c.CaseType, c.Category, c.Prosecutor, c.ReceivedOn.String(), strconv.Itoa(c.Persons)})
}

// Flush ends the file.
func (w *CaseWriter) Flush() error {
	w.w.Flush()
	return w.w.Error()
}

// EventWriter writes the events of generated cases as the events export.
type EventWriter struct{ w *csv.Writer }

// NewEventWriter starts the file with its header.
func NewEventWriter(w io.Writer) (*EventWriter, error) {
	ew := &EventWriter{w: csv.NewWriter(w)}
	return ew, ew.w.Write([]string{"unified_no", "event", "occurred_on", "persons"})
}

// Write adds a case's events.
func (w *EventWriter) Write(c Case) error {
	for _, e := range c.Events {
		if err := w.w.Write([]string{c.UnifiedNo, string(e.Event), e.On.String(), strconv.Itoa(e.Persons)}); err != nil {
			return err
		}
	}
	return nil
}

// Flush ends the file.
func (w *EventWriter) Flush() error {
	w.w.Flush()
	return w.w.Error()
}
