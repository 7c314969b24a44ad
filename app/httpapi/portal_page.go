package httpapi

import (
	"html/template"

	"procura/app/store"
	"procura/domain"
)

// The recipient portal's page: the names it shows, what it is rendered
// from, and its template (the handlers are in portal.go).

// portalOutcomeNames name the outcomes on the page.
var portalOutcomeNames = map[domain.Outcome]string{domain.Adopted: "采纳", domain.PartiallyAdopted: "部分采纳", domain.NotAdopted: "未采纳"}

var portalKindNames = map[string]string{store.ReplyKind: "书面回复", store.EvidenceKind: "整改材料"}

var portalStateNames = map[string]string{store.PendingState: "待检察机关核收", store.AcceptedState: "已核收", store.ReturnedState: "已退回，请修改后重新提交"}

type portalItem struct {
	No   int
	Text string
}

type portalView struct {
	Token        string
	Gone         bool // revoked, expired or unknown: the page says so and nothing else
	TooLarge     bool // the upload was over the limit: the page says so, with a way back
	UnitName     string
	DocNo        string
	Title        string
	Recipient    string
	Facts        []string
	Problems     []string
	Items        []portalItem
	ServedOn     string
	ReplyDue     string
	ReplyPeriod  string
	Acked        bool
	AckedAt      string
	CanReply     bool
	CanEvidence  bool // a reply has been accepted: later evidence of rectification may follow
	Replies      []portalReply
	Outcomes     []portalOption
	Done         string
	Errors       []string
	Form         map[string]string
	MaxFiles     int
	ExpiresOn    string
	ItemOutcomes map[int]string
}

type portalReply struct {
	Kind        string // 书面回复 or 整改材料
	SubmittedAt string
	DocNo       string
	Outcome     string
	Interim     bool
	State       string
	Note        string
	Files       int
}

type portalOption struct{ Value, Label string }

var portalPage = template.Must(template.New("portal").Parse(`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><meta name="referrer" content="no-referrer">
<title>检察建议书在线送达</title>
<style>
body{font-family:"PingFang SC","Microsoft YaHei","WenQuanYi Micro Hei",sans-serif;margin:0;background:#f5f7fa;color:#303133;line-height:1.7}
header{background:#1d3a6e;color:#fff;padding:16px 20px}header h1{margin:0;font-size:20px}header p{margin:4px 0 0;opacity:.9;font-size:14px}
main{max-width:760px;margin:16px auto;padding:0 12px}section{background:#fff;border-radius:6px;padding:16px 18px;margin-bottom:14px}
h2{font-size:17px;margin:0 0 10px}.muted{color:#5f6368;font-size:14px}.letter p{text-indent:2em;margin:6px 0}.due{font-size:18px;color:#a35200;font-weight:600}
.ok{background:#eef6ee;border-left:4px solid #2b7a2b;padding:10px 12px}.err{background:#fbeeee;border-left:4px solid #bf2f2b;padding:10px 12px}
label{display:block;margin:10px 0 4px;font-weight:600}input[type=text],input[type=number],select,textarea{width:100%;box-sizing:border-box;padding:8px;font-size:16px;border:1px solid #8a8f98;border-radius:4px}
textarea{min-height:120px}button,.button{display:inline-block;background:#1a5fb4;color:#fff;border:0;border-radius:4px;padding:10px 18px;font-size:16px;text-decoration:none;cursor:pointer}
.secondary{background:#fff;color:#1a5fb4;border:1px solid #1a5fb4}table{width:100%;border-collapse:collapse}td,th{border-bottom:1px solid #e4e7ed;padding:6px;text-align:left;font-size:14px}
</style></head><body>
{{if .Gone}}<header><h1>检察建议书在线送达</h1></header>
<main><section><h2>该链接已失效</h2><p>该送达链接已撤销或已过期。如需帮助，请与制发检察建议的人民检察院联系。</p></section></main>
{{else if .TooLarge}}<header><h1>检察建议书在线送达</h1></header>
<main><section><h2>提交的内容过大</h2><p class="err" role="alert">本次提交的附件合计超过 20 MB，未能接收。请压缩扫描件或照片（如降低分辨率、转为 PDF），或分次提交。</p>
{{if .Token}}<p><a class="button" href="/r/{{.Token}}">返回送达页面</a></p>{{end}}</section></main>
{{else}}<header><h1>{{.UnitName}} 检察建议书</h1><p>{{.DocNo}} · 主送：{{.Recipient}}</p></header>
<main>
{{if eq .Done "ack"}}<p class="ok" role="status">已确认收到。回复期限自送达之日起计算。</p>{{end}}
{{if eq .Done "reply"}}<p class="ok" role="status">回复已提交，等待检察机关核收。核收结果将在本页显示。</p>{{end}}
{{if eq .Done "evidence"}}<p class="ok" role="status">整改材料已提交，等待检察机关核收。核收结果将在本页显示。</p>{{end}}
{{if .Errors}}<div class="err" role="alert"><strong>提交未成功：</strong><ul>{{range .Errors}}<li>{{.}}</li>{{end}}</ul></div>{{end}}
<section><h2>送达与回复期限</h2>
{{if .Acked}}<p>贵单位已于 {{.AckedAt}} 确认收到本检察建议书。</p>{{else}}
<form method="post" action="/r/{{.Token}}/ack"><p>请核对下方检察建议书内容，确认收到：</p><button type="submit">确认收到</button></form>{{end}}
{{if .ReplyDue}}<p>送达日期：{{.ServedOn}}</p><p>请于 <span class="due">{{.ReplyDue}}</span> 前书面回复（回复期限 {{.ReplyPeriod}}）。</p>
{{else}}<p class="muted">回复期限为送达之日起 {{.ReplyPeriod}}，确认收到后即开始计算。</p>{{end}}
<p><a class="button secondary" href="/r/{{.Token}}/letter.docx">下载检察建议书（Word）</a></p>
<p class="muted">本链接有效期至 {{.ExpiresOn}}，仅供贵单位使用，请勿转发。</p></section>
<section class="letter"><h2>{{.Title}}</h2>
{{range .Facts}}<p>{{.}}</p>{{end}}
{{if .Problems}}<h2>存在的问题</h2>{{range .Problems}}<p>{{.}}</p>{{end}}{{end}}
<h2>检察建议</h2>{{range .Items}}<p>（{{.No}}）{{.Text}}</p>{{end}}</section>
{{if .Replies}}<section><h2>已提交的回复和材料</h2><table><thead><tr><th>提交时间</th><th>类型</th><th>复函文号</th><th>采纳情况</th><th>状态</th></tr></thead><tbody>
{{range .Replies}}<tr><td>{{.SubmittedAt}}</td><td>{{.Kind}}{{if .Files}}（附件 {{.Files}} 个）{{end}}</td><td>{{.DocNo}}</td><td>{{if .Outcome}}{{.Outcome}}{{if .Interim}}（阶段性）{{end}}{{else}}—{{end}}</td><td>{{.State}}{{if .Note}}<br><span class="muted">检察机关意见：{{.Note}}</span>{{end}}</td></tr>{{end}}
</tbody></table></section>{{end}}
{{if .CanEvidence}}<section><h2>提交整改材料</h2>
<p class="muted">贵单位的回复已经核收。整改推进中形成的材料（整改照片、验收文件、制度文件等）可在此补充提交，经检察机关核收后记入跟踪督促记录。</p>
<form method="post" action="/r/{{.Token}}/evidence" enctype="multipart/form-data">
<label for="description">整改情况说明</label><textarea id="description" name="description" required maxlength="20000">{{index .Form "description"}}</textarea>
<label for="evidence_files">证明材料（PDF、图片或 Word，合计不超过 20 MB，最多 {{.MaxFiles}} 个）</label><input id="evidence_files" name="files" type="file" multiple accept=".pdf,.jpg,.jpeg,.png,.webp,.docx,.doc">
<p><button type="submit">提交整改材料</button></p></form></section>{{end}}
{{if .CanReply}}<section><h2>书面回复</h2>
<form method="post" action="/r/{{.Token}}/reply" enctype="multipart/form-data">
<label for="replier">回复单位</label><input id="replier" name="replier" type="text" required maxlength="200" value="{{index .Form "replier"}}">
<label for="doc_no">复函文号</label><input id="doc_no" name="doc_no" type="text" maxlength="100" value="{{index .Form "doc_no"}}">
<label for="outcome">总体采纳情况</label><select id="outcome" name="outcome" required>{{$o := index .Form "outcome"}}{{range .Outcomes}}<option value="{{.Value}}"{{if eq .Value $o}} selected{{end}}>{{.Label}}</option>{{end}}</select>
{{$io := .ItemOutcomes}}{{$opts := .Outcomes}}{{range .Items}}<label for="item_{{.No}}">第（{{.No}}）项建议的采纳情况</label><select id="item_{{.No}}" name="item_{{.No}}">{{$v := index $io .No}}{{range $opts}}<option value="{{.Value}}"{{if eq .Value $v}} selected{{end}}>{{.Label}}</option>{{end}}</select>{{end}}
<label for="measures">整改措施</label><textarea id="measures" name="measures" maxlength="20000">{{index .Form "measures"}}</textarea>
<label for="funds_yuan">投入资金（元）</label><input id="funds_yuan" name="funds_yuan" type="number" min="0" step="1" inputmode="numeric" value="{{index .Form "funds_yuan"}}">
<label for="personnel">投入人员（人）</label><input id="personnel" name="personnel" type="number" min="0" step="1" inputmode="numeric" value="{{index .Form "personnel"}}">
<label><input type="checkbox" name="interim" value="1"{{if index .Form "interim"}} checked{{end}}> 这是阶段性回复（整改尚未完成，之后还将提交最终回复）</label>
<label for="files">附件（复函扫描件、整改照片；PDF、图片或 Word，合计不超过 20 MB，最多 {{.MaxFiles}} 个）</label><input id="files" name="files" type="file" multiple accept=".pdf,.jpg,.jpeg,.png,.webp,.docx,.doc">
<p><button type="submit">提交回复</button></p></form></section>{{end}}
</main>{{end}}</body></html>`))
