package domain

import (
	"slices"
	"strings"
)

// HearingDocument is a document generated from a hearing record.
type HearingDocument string

// The hearing documents (issue 12).
const (
	HearingDocNotice     HearingDocument = "notice"     // 听证公告, public hearings only
	HearingDocInvitation HearingDocument = "invitation" // 听证员邀请函, one per seated officer
	HearingDocMinutes    HearingDocument = "minutes"    // 听证笔录, once held
)

// HearingDocuments lists every hearing document.
var HearingDocuments = []HearingDocument{HearingDocNotice, HearingDocInvitation, HearingDocMinutes}

// fixedStates are the states in which a hearing's time and place are fixed:
// scheduled, and after it took place (the documents stay printable for the
// file).
var fixedStates = []HearingStatus{HearingScheduled, HearingHeld, HearingDecided}

// CheckHearingDocument decides whether document doc of h can be generated
// now; nil, or a conflict (409) saying why not, in English and Chinese:
//   - the notice (听证公告) for a public hearing whose time and place are
//     fixed (scheduled, held or decided): hearing_not_public,
//     hearing_not_scheduled;
//   - an invitation (听证员邀请函) once the hearing is scheduled, and only
//     for a seated hearing officer (see CheckInvitation);
//   - the minutes (听证笔录) once the hearing is held: hearing_not_held.
func CheckHearingDocument(h Hearing, doc HearingDocument) error {
	switch doc {
	case HearingDocNotice:
		if !h.Public {
			return &Error{Kind: KindConflict, Code: "hearing_not_public",
				Message:   "A public notice is issued only for a public hearing; this one is held in private.",
				MessageZh: "该听证不公开举行，不发布听证公告。"}
		}
		return checkFixed(h)
	case HearingDocInvitation:
		return checkFixed(h)
	case HearingDocMinutes:
		if h.Status != HearingHeld && h.Status != HearingDecided {
			return &Error{Kind: KindConflict, Code: "hearing_not_held",
				Message:   "The minutes are available once the hearing is held; it is " + string(h.Status) + ".",
				MessageZh: "听证举行后方可生成听证笔录，当前状态为“" + HearingStatusNameZh[h.Status] + "”。",
				Details:   map[string]any{"status": string(h.Status)}}
		}
		return nil
	}
	return &Error{Kind: KindNotFound, Code: "not_found", Message: "Unknown hearing document.", MessageZh: "未知的听证文书。"}
}

func checkFixed(h Hearing) error {
	if slices.Contains(fixedStates, h.Status) && !h.StartsAt.IsZero() {
		return nil
	}
	return &Error{Kind: KindConflict, Code: "hearing_not_scheduled",
		Message:   "The document needs the hearing's time and place; it is " + string(h.Status) + ".",
		MessageZh: "听证排期确定时间和地点后方可生成该文书，当前状态为“" + HearingStatusNameZh[h.Status] + "”。",
		Details:   map[string]any{"status": string(h.Status)}}
}

// CheckInvitation decides whether participant p of h is sent an
// invitation: the hearing is scheduled (CheckHearingDocument) and p sits
// as a hearing officer (not_seated_officer otherwise: another role, a
// declared conflict, a granted recusal).
func CheckInvitation(h Hearing, p Participant) error {
	if err := CheckHearingDocument(h, HearingDocInvitation); err != nil {
		return err
	}
	if !p.Seated() {
		return &Error{Kind: KindConflict, Code: "not_seated_officer",
			Message:   "Invitations go to the seated hearing officers only.",
			MessageZh: "仅向参加听证的听证员发送邀请函（该人员不是听证员，或已申报利害关系、决定回避）。"}
	}
	return nil
}

// MaskName writes a person's name as a public notice may show it: the
// surname and 某 (张某), as published decisions write parties.
func MaskName(name string) string {
	r := []rune(strings.TrimSpace(name))
	if len(r) == 0 {
		return ""
	}
	return string(r[0]) + "某"
}

// PublicHearingTitle is h's title as documents for the public and for
// outsiders (notice, invitations) show it: every participant's name in it
// masked (MaskName), except an administrative agency's, which is an
// organisation. The record may name parties in its title ("张三涉嫌危险驾驶
// 拟不起诉听证"); what is not a participant's name cannot be recognised,
// and stays.
func PublicHearingTitle(title string, parts []Participant) string {
	names := make([]string, 0, len(parts))
	for _, p := range parts {
		if p.Role != ParticipantAdministrativeAgency && len([]rune(strings.TrimSpace(p.Name))) >= 2 {
			names = append(names, strings.TrimSpace(p.Name))
		}
	}
	// Longer names first, so 张三丰 is masked before 张三 would cut into it.
	slices.SortFunc(names, func(a, b string) int { return len(b) - len(a) })
	for _, n := range names {
		title = strings.ReplaceAll(title, n, MaskName(n))
	}
	return title
}
