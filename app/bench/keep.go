package bench

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"procura/domain"
)

// planFile, in a kept directory, holds what generate found of the data,
// so that a later run can measure the same data without generating it.
const planFile = "plan.json"

// keptPlan is the part of a plan that describes the data.
type keptPlan struct {
	Sizes                              map[string]int
	Cases, LoadEvents, ImportEvents    string
	NCases, NLoad, NImport             int
	From, To, Today                    string
	Reminders                          int64
	ReminderScan                       time.Duration
	SuggestionIDs, HearingIDs, CaseIDs []int64
	DocNo, CaseNo                      string
	EmptySuggestion, SomeSuggestion    [3]string
	EmptyStatusType                    [3]string
	EmptyHearing, SomeHearing          [3]string
}

func savePlan(dir string, p *plan, sizes map[string]int) error {
	k := keptPlan{Sizes: sizes, Cases: p.files.cases, LoadEvents: p.files.loadEvents, ImportEvents: p.files.importEvents,
		NCases: p.files.nCases, NLoad: p.files.nLoad, NImport: p.files.nImport, From: p.files.from.String(), To: p.files.to.String(),
		Today: p.today.String(), Reminders: p.reminders, ReminderScan: p.reminderScan, SuggestionIDs: p.suggestionIDs,
		HearingIDs: p.hearingIDs, CaseIDs: p.caseIDs, DocNo: p.docNo, CaseNo: p.caseNo, EmptySuggestion: p.emptySuggestion,
		SomeSuggestion: p.someSuggestion, EmptyStatusType: p.emptyStatusType, EmptyHearing: p.emptyHearing, SomeHearing: p.someHearing}
	b, err := json.Marshal(k)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, planFile), b, 0o600)
}

func loadPlan(dir string, c *cluster) (*plan, error) {
	b, err := os.ReadFile(filepath.Join(dir, planFile))
	if err != nil {
		return nil, err
	}
	var k keptPlan
	if err := json.Unmarshal(b, &k); err != nil {
		return nil, fmt.Errorf("bench: %s: %w", planFile, err)
	}
	p := &plan{c: c, sizes: k.Sizes, reminders: k.Reminders, reminderScan: k.ReminderScan, suggestionIDs: k.SuggestionIDs,
		hearingIDs: k.HearingIDs, caseIDs: k.CaseIDs, docNo: k.DocNo, caseNo: k.CaseNo, emptySuggestion: k.EmptySuggestion,
		someSuggestion: k.SomeSuggestion, emptyStatusType: k.EmptyStatusType, emptyHearing: k.EmptyHearing, someHearing: k.SomeHearing,
		files: caseFiles{cases: k.Cases, loadEvents: k.LoadEvents, importEvents: k.ImportEvents, nCases: k.NCases, nLoad: k.NLoad, nImport: k.NImport}}
	for _, d := range []struct {
		dst *domain.Date
		s   string
	}{{&p.files.from, k.From}, {&p.files.to, k.To}, {&p.today, k.Today}} {
		if *d.dst, err = domain.ParseDate(d.s); err != nil {
			return nil, fmt.Errorf("bench: %s: %w", planFile, err)
		}
	}
	return p, nil
}
