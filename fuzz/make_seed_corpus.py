#!/usr/bin/env python3
"""Writes the seed corpora in fuzz/corpus/<name>/ (committed; rerun after changing the seeds).

  json_body  request bodies and query strings the API reads
  router     [route byte][caller byte] + body or query (see router_fuzzer.cc for the routes)
  bundle     the golden draw bundles (tests/golden/*.json)
  csv        register import files: UTF-8 with and without BOM, GB18030, quoting, formula guard
  xlsx       minimal workbooks built here with zipfile: shared/inline strings, dates, rich text
Files found by `make fuzz` that crashed a target are added by hand as crash-<sha1>.
"""
import json
import pathlib
import zipfile
import io

ROOT = pathlib.Path(__file__).resolve().parent
REPO = ROOT.parent


def write(name, file_name, data):
    d = ROOT / "corpus" / name
    d.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    (d / file_name).write_bytes(data)


def j(obj):
    return json.dumps(obj, ensure_ascii=False)


DRAW = {"kind": "targets", "title": "2026年第四季度食品经营者抽查", "department_id": 1,
        "sources": ["福彩3D 2026330期开奖号码", "现场见证人掷骰"],
        "strata": [{"name": "一般对象", "take": 2}, {"name": "风险对象", "take": 1, "weighted": True}],
        "pool": [{"stratum": "一般对象", "id": "91410105MA00000001"},
                 {"stratum": "一般对象", "id": "91410105MA00000002"},
                 {"stratum": "一般对象", "id": "91410105MA00000003"},
                 {"stratum": "风险对象", "id": "91410105MA00000004", "weight": 3}]}
ASSIGN = {"kind": "assign", "title": "检查人员抽取", "department_id": 1, "sources": ["现场见证人掷骰"],
          "per_task": 2, "cap": 1, "eligible": {"T1": ["I1", "I2", "I3"], "T2": ["I2", "I4"]}}
PLAN = {"department_id": 1, "content": {"title": "2026年度企业公示信息随机抽查计划", "kind": "年度", "year": 2026,
        "batches": [{"seq": 1, "name": "第四季度", "window_from": "2026-11-23", "window_to": "2026-12-31",
                     "items": ["SCJG-GS-01"], "filter": {"tags": ["重点监管"]}, "task_type": "不定向",
                     "ratio": "10"}]}}
TASK = {"title": "专项检查", "department_id": 1, "task_type": "定向", "window_from": "2026-12-01",
        "window_to": "2026-12-10", "items": ["SCJG-GS-01"], "filter": {"keys": ["91410105MA00000001"]}}
TARGET = {"uscc": "91410105MA00000001", "name": "郑州测试商贸有限公司", "type": "企业", "legal_rep": "王测试",
          "address": "郑州市金水区花园路100号", "region_code": "410105", "industry_code": "51",
          "tags": ["重点监管"], "risk_class": "A"}
INSPECTOR = {"name": "刘洋", "citizen_id": "410105199001011234", "unit_id": 1, "cert_no": "豫A123456",
             "qualifications": ["食品"], "status": "有效"}
USER = {"username": "fuzz.user", "display_name": "测试", "password": "long-enough-2026",
        "roles": [{"role": "planner", "scope": "department:1"}]}

BODIES = {
    "login": {"username": "planner", "password": "suiji-demo-2026"},
    "draw": DRAW, "assign": ASSIGN, "plan": PLAN, "task": TASK, "target": TARGET, "inspector": INSPECTOR,
    "user": USER,
    "witness": {"name": "陈志远", "organisation": "区人大代表"},
    "source": {"value": "3 5 1"},
    "reveal": {"values": ["227", "3 5 1"]},
    "replacement": {"out": "91410105MA00000001", "reason": "经营场所已灭失", "note": "现场核实"},
    "search": {"filter": {"tags": ["重点监管"], "risk_class": ["A", "B"]}, "page": 1, "page_size": 10,
               "as_of": "2026-11-01"},
    "describe": {"filter": {"keys": ["91410105MA00000001"]}},
    "conflict": {"inspector_id": 1, "target_id": 1, "kind": "亲属", "source": "本人申报", "note": "配偶"},
    "item": {"code": "SCJG-GS-99", "name": "企业年度报告公示信息抽查", "department_id": 1, "basis": "《条例》"},
    "adjust": {"reason": "第四季度检查力量不足", "content": PLAN["content"]},
    "note": {"note": "同意"},
    "unit": {"department_id": 1, "code": "S09", "name": "测试所", "kind": "市场监管所", "level": "所",
             "region_code": "410105"},
    "numbers": {"a": 9223372036854775807, "b": -9223372036854775808, "c": 1.5e308, "d": -0.0, "e": True,
                "f": None, "g": [], "h": {}},
    "unicode": {"title": "\u202e抽查\u0000计划", "名称": "中文键"},
}
QUERIES = ["page=1&page_size=10", "page=2&page_size=500", "department_id=1&year=2026&status=published",
           "limit=5&offset=0", "q=%E9%83%91%E5%B7%9E&status=%E6%9C%89%E6%95%88", "include_inactive=true",
           "from=2026-01-01&to=2026-12-31", "tags=%E9%87%8D%E7%82%B9%E7%9B%91%E7%AE%A1%2CA", "candidate=abc"]

# Router routes, in router_fuzzer.cc's kRoutes order.
ROUTER_BODIES = ["draw", "witness", "source", "reveal", "replacement", "plan", "task", "target", "search",
                 "describe", "inspector", "inspector", "conflict", "item", "note", "note", "user", "unit", "note"]
ROUTER_GETS = 12


def main():
    # Regenerates the seeds; inputs kept from fixed crashes (crash-*) stay.
    for f in (ROOT / "corpus").glob("*/*"):
        if not f.name.startswith("crash-"):
            f.unlink()
    for name, body in BODIES.items():
        write("json_body", f"body_{name}.json", j(body))
    for i, q in enumerate(QUERIES):
        write("json_body", f"query_{i}.txt", q)
    write("json_body", "id.txt", "12345")

    for route, body in enumerate(ROUTER_BODIES):
        for who in (0, 1):
            write("router", f"r{route:02d}_{who}_{body}", bytes([route, who]) + j(BODIES[body]).encode())
    for k in range(ROUTER_GETS):
        route = len(ROUTER_BODIES) + k
        for who in (0, 1):
            write("router", f"r{route:02d}_{who}_query", bytes([route, who]) + QUERIES[k % len(QUERIES)].encode())

    for golden in sorted((REPO / "tests" / "golden").glob("*.json")):
        write("bundle", golden.name, golden.read_bytes())

    header = "统一社会信用代码,名称,类型,法定代表人,住所,所属区划,行业代码,标签,风险等级\r\n"
    row = '91410105MA00000001,"郑州测试商贸有限公司",企业,王测试,"郑州市金水区花园路100号, 2楼",410105,51,"重点监管、A",A\r\n'
    write("csv", "targets_utf8.csv", header + row * 3)
    write("csv", "targets_bom.csv", "\ufeff" + header + row)
    write("csv", "targets_gb18030.csv", (header + row).encode("gb18030"))
    write("csv", "quoted.csv", 'a,b,c\n"x ""quoted""","multi\nline",\'=1+1\n,,\n"last",\r')
    write("csv", "blank_rows.csv", "h1,h2\r\n\r\n,\r\nv1,v2\r\n")

    write("xlsx", "shared_strings.xlsx", xlsx(
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>a&amp;b</t></is></c><c r="B2"><v>1.5</v></c>'
        '<c r="C2" s="1"><v>46340</v></c><c r="D2" t="b"><v>1</v></c><c r="E2" t="e"><v>#N/A</v></c></row>'
        '<row r="4"><c r="B4"><f>1+1</f><v>2</v></c><c r="AA4" t="str"><v>_x000D_x</v></c></row>',
        '<si><t>统一社会信用代码</t></si><si><r><t>名</t></r><r><t>称</t></r><rPh><t>ming</t></rPh></si>'))
    write("xlsx", "no_shared_strings.xlsx", xlsx('<row r="1"><c r="A1"><v>123456789012345</v></c></row>', None))
    write("xlsx", "date1904.xlsx", xlsx('<row r="1"><c r="A1" s="1"><v>1</v></c></row>', None, date1904=True))


class FixedTimeZip:
    """zipfile with a fixed timestamp, so regenerated seeds are byte-identical."""

    def __init__(self, archive):
        self.archive = archive

    def writestr(self, name, text):
        info = zipfile.ZipInfo(name, (2026, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        self.archive.writestr(info, text)


def xlsx(rows, shared, date1904=False):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        z = FixedTimeZip(archive)
        overrides = ('<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
                     'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" '
                     'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>')
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"><Default Extension="rels" ContentType="application/'
                   'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
                   'ContentType="application/xml"/>' + overrides + '</Types>')
        z.writestr("_rels/.rels",
                   '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                   'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        pr = '<workbookPr date1904="1"/>' if date1904 else ''
        z.writestr("xl/workbook.xml",
                   '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
                   'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
                   'relationships">' + pr + '<sheets><sheet name="名录" sheetId="1" r:id="rId1"/></sheets></workbook>')
        rels = ('<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
                '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                'relationships/styles" Target="styles.xml"/>')
        if shared is not None:
            rels += ('<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                     'relationships/sharedStrings" Target="sharedStrings.xml"/>')
            z.writestr("xl/sharedStrings.xml",
                       '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
                       'spreadsheetml/2006/main">' + shared + '</sst>')
        z.writestr("xl/_rels/workbook.xml.rels",
                   '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/relationships">' + rels + '</Relationships>')
        z.writestr("xl/styles.xml",
                   '<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/'
                   'spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="170" formatCode="yyyy/m/d"/>'
                   '</numFmts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="170"/></cellXfs></styleSheet>')
        z.writestr("xl/worksheets/sheet1.xml",
                   '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                   'spreadsheetml/2006/main"><sheetData>' + rows + '</sheetData></worksheet>')
    return out.getvalue()


if __name__ == "__main__":
    main()
