package httpapi

import (
	"context"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"procura/app/store"
	"procura/domain"
)

type hearingSummary struct {
	ID            int64      `json:"id"`
	Unit          unitRef    `json:"unit"`
	Kind          string     `json:"kind" enum:"hearing_kind"`
	Title         string     `json:"title"`
	CaseNumber    string     `json:"case_number"`
	Public        bool       `json:"public"`
	InvolvesMinor bool       `json:"involves_minor"`
	Status        string     `json:"status" enum:"hearing_status"`
	StartsAt      *time.Time `json:"starts_at"`
	HeldAt        *time.Time `json:"held_at"`
	Location      string     `json:"location"`
	LivestreamURL string     `json:"livestream_url"`
	Version       int        `json:"version"`
	// AllowedActions are the actions the caller may take now.
	AllowedActions []string `json:"allowed_actions" enum:"hearing_action"`
}

var hearingListQuery = []string{"status", "kind", "unit_id:integer", "from", "to", "q", "limit:integer", "cursor", "offset:integer", "sort"}

func (s *Server) listHearings(c echo.Context) error {
	page, err := listPageParams(c, store.HearingSorts)
	if err != nil {
		return err
	}
	var v domain.Validator
	f := store.HearingFilter{Scope: s.authz.Scope(caller(c).User.ID, "hearing", "read"), Kind: c.QueryParam("kind"),
		Q: c.QueryParam("q"), From: queryTime(c, "from", &v), To: queryTime(c, "to", &v), BeforeID: page.BeforeID, Limit: page.Limit,
		Offset: page.Offset, Sort: page.Sort, After: page.After}
	if st := c.QueryParam("status"); st != "" {
		for _, x := range strings.Split(st, ",") {
			hs := domain.HearingStatus(strings.TrimSpace(x))
			v.Check(hs.Valid(), domain.Field("status", "invalid", "Unknown status "+string(hs)+".", "未知状态："+string(hs)+"。"))
			f.Status = append(f.Status, hs)
		}
	}
	v.Check(f.Kind == "" || domain.HearingKind(f.Kind).Valid(), domain.Field("kind", "invalid", "Unknown hearing kind.", "未知的听证类型。"))
	unitID := queryID(c, "unit_id", &v)
	if err := v.Err(); err != nil {
		return err
	}
	if unitID != 0 {
		u, err := s.targetUnit(c, unitID, "hearing", "read")
		if err != nil {
			return err
		}
		f.UnitPath = u.Path
	}
	// toHearingSummary and the allowed actions read no texts.
	f.Summary = true
	ctx := store.WithListMemo(c.Request().Context()) // the list and its total resolve the units and estimate once
	recs, err := s.hearings.ListHearings(ctx, f)
	if err != nil {
		return err
	}
	return writeListPage(ctx, c, page, recs, func(r store.HearingRecord) hearingSummary {
		item := toHearingSummary(r)
		item.AllowedActions = s.allowedHearingActions(c, r)
		return item
	}, func(r store.HearingRecord) (int64, *string) {
		return r.ID, store.HearingSortValue(r, page.Sort.Key)
	}, func(ctx context.Context) (store.ListTotal, error) {
		return s.hearings.CountHearings(ctx, f)
	})
}

func toHearingSummary(r store.HearingRecord) hearingSummary {
	return hearingSummary{ID: r.ID, Unit: unitRef{ID: r.UnitID, Code: r.UnitCode, Name: r.UnitName, ShortName: r.UnitShortName}, AllowedActions: []string{}, Kind: string(r.Kind), Title: r.Title,
		CaseNumber: r.CaseNumber, Public: r.Public, InvolvesMinor: r.InvolvesMinor, Status: string(r.Status), StartsAt: timePtr(r.StartsAt),
		HeldAt: timePtr(r.HeldAt), Location: r.Location, LivestreamURL: r.LivestreamURL, Version: r.Version}
}
