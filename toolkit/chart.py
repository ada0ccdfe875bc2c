"""A native Word chart (DrawingML), editable in Word, written directly: valid by construction, nothing heavy
imported on the click path.

``add_column_chart(part, categories, series, title)`` adds to a document part the chart part and the small
workbook Word opens on "Edit Data", and returns the inline drawing (WordprocessingML) to put where the
template says ``{{ bieu_do_hop }}``.  Element order follows the schema (ECMA-376, DrawingML charts); axis ids
are positive; labels of zero are hidden by their number format.
"""
from __future__ import annotations

import io
import zipfile

CT_CHART = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
CT_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RT_CHART = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart"
RT_PACKAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/package"
C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
EMU_PER_CM = 360000
CAT_AX, VAL_AX = 111111111, 222222222
COLOURS = ("2F5597", "C55A11", "548235", "7F6000")
FONT = '<a:latin typeface="Times New Roman"/><a:cs typeface="Times New Roman"/>'
SHEET = "Sheet1"


def escape(text: str) -> str:
    """XML text (xml.sax.saxutils would import urllib and http: 20 ms on every click)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _col(i: int) -> str:
    return chr(ord("B") + i)


def _text_props(size: int, bold: bool = False) -> str:
    return (f'<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="{size}" b="{int(bold)}">{FONT}'
            '</a:defRPr></a:pPr><a:endParaRPr lang="vi-VN"/></a:p></c:txPr>')


def chart_xml(categories, series, title, rid_book: str) -> bytes:
    n = len(categories)
    cats = "".join(f'<c:pt idx="{i}"><c:v>{escape(str(c))}</c:v></c:pt>' for i, c in enumerate(categories))
    sers = []
    for i, (name, values) in enumerate(series):
        col = _col(i)
        pts = "".join(f'<c:pt idx="{j}"><c:v>{v}</c:v></c:pt>' for j, v in enumerate(values))
        sers.append(
            f'<c:ser><c:idx val="{i}"/><c:order val="{i}"/>'
            f'<c:tx><c:strRef><c:f>{SHEET}!${col}$1</c:f><c:strCache><c:ptCount val="1"/><c:pt idx="0"><c:v>'
            f'{escape(name)}</c:v></c:pt></c:strCache></c:strRef></c:tx>'
            f'<c:spPr><a:solidFill><a:srgbClr val="{COLOURS[i % len(COLOURS)]}"/></a:solidFill></c:spPr>'
            '<c:invertIfNegative val="0"/>'
            f'<c:cat><c:strRef><c:f>{SHEET}!$A$2:$A${n + 1}</c:f><c:strCache><c:ptCount val="{n}"/>{cats}'
            '</c:strCache></c:strRef></c:cat>'
            f'<c:val><c:numRef><c:f>{SHEET}!${col}$2:${col}${n + 1}</c:f><c:numCache><c:formatCode>General'
            f'</c:formatCode><c:ptCount val="{n}"/>{pts}</c:numCache></c:numRef></c:val></c:ser>')
    labels = ('<c:dLbls><c:numFmt formatCode="0;;;" sourceLinked="0"/><c:spPr><a:noFill/><a:ln><a:noFill/></a:ln>'
              '</c:spPr><c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/>'
              '<c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>')
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<c:chartSpace xmlns:c="{C}" xmlns:a="{A}" xmlns:r="{R}">'
        '<c:date1904 val="0"/><c:lang val="vi-VN"/><c:roundedCorners val="0"/>'
        '<c:chart>'
        f'<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="1200" b="1">{FONT}</a:defRPr>'
        f'</a:pPr><a:r><a:rPr lang="vi-VN" sz="1200" b="1">{FONT}</a:rPr><a:t>{escape(title)}</a:t></a:r></a:p>'
        '</c:rich></c:tx><c:overlay val="0"/></c:title>'
        '<c:autoTitleDeleted val="0"/>'
        '<c:plotArea><c:layout/>'
        '<c:barChart><c:barDir val="col"/><c:grouping val="stacked"/><c:varyColors val="0"/>'
        + "".join(sers) + labels +
        f'<c:gapWidth val="80"/><c:overlap val="100"/><c:axId val="{CAT_AX}"/><c:axId val="{VAL_AX}"/></c:barChart>'
        f'<c:catAx><c:axId val="{CAT_AX}"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/>'
        '<c:axPos val="b"/><c:numFmt formatCode="General" sourceLinked="1"/><c:majorTickMark val="out"/>'
        f'<c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/><c:crossAx val="{VAL_AX}"/>'
        '<c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/>'
        '<c:noMultiLvlLbl val="0"/></c:catAx>'
        f'<c:valAx><c:axId val="{VAL_AX}"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/>'
        '<c:axPos val="l"/><c:majorGridlines/><c:numFmt formatCode="0" sourceLinked="0"/>'
        '<c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>'
        f'<c:crossAx val="{CAT_AX}"/><c:crosses val="autoZero"/><c:crossBetween val="between"/>'
        '<c:majorUnit val="1"/></c:valAx>'
        '</c:plotArea>'
        '<c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend>'
        '<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/>'
        '</c:chart>'
        + _text_props(1100) +
        f'<c:externalData r:id="{rid_book}"><c:autoUpdate val="0"/></c:externalData>'
        '</c:chartSpace>')
    return xml.encode("utf-8")


def data_workbook(categories, series) -> bytes:
    """The chart's data as the smallest valid .xlsx: Word opens it on "Edit Data"."""
    def cell(ref, value):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return f'<c r="{ref}"><v>{value}</v></c>'
        return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'
    rows = [[""] + [name for name, _ in series]]
    rows += [[cat] + [values[i] for _, values in series] for i, cat in enumerate(categories)]
    sheet_rows = "".join(
        f'<row r="{r}">' + "".join(cell(f"{chr(65 + c)}{r}", v) for c, v in enumerate(row) if v != "") + "</row>"
        for r, row in enumerate(rows, start=1))
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    parts = {
        "[Content_Types].xml":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml":
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{main}" xmlns:r="{R}">'
            f'<sheets><sheet name="{SHEET}" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml":
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{main}">'
            f'<sheetData>{sheet_rows}</sheetData></worksheet>',
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in parts.items():
            zf.writestr(name, text)
    return buf.getvalue()


def inline(rid: str, number: int = 1, width_cm=16.0, height_cm=8.0) -> str:
    """The chart's inline drawing, to be placed as inert markup in a run's text (it closes and reopens the run)."""
    cx, cy = int(width_cm * EMU_PER_CM), int(height_cm * EMU_PER_CM)
    return ('</w:t></w:r><w:r><w:drawing>'
            f'<wp:inline distT="0" distB="0" distL="0" distR="0" xmlns:wp="{WP}">'
            f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
            f'<wp:docPr id="{9000 + number}" name="Biểu đồ {number}"/><wp:cNvGraphicFramePr/>'
            f'<a:graphic xmlns:a="{A}"><a:graphicData uri="{C}">'
            f'<c:chart xmlns:c="{C}" xmlns:r="{R}" r:id="{rid}"/>'
            '</a:graphicData></a:graphic></wp:inline></w:drawing></w:r><w:r><w:t xml:space="preserve">')


def book_name(number: int) -> str:
    return f"/word/embeddings/Microsoft_Excel_Worksheet{number}.xlsx"


def add_column_chart(part, categories, series, title, number=1) -> str:
    """Add a stacked column chart to ``part`` (a python-docx part); return its inline drawing."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    package = part.package
    chart_name = package.next_partname("/word/charts/chart%d.xml")
    chart_part = Part(chart_name, CT_CHART, b"", package)
    book = Part(PackURI(book_name(chart_name.idx)), CT_XLSX, data_workbook(categories, series), package)
    rid_book = chart_part.relate_to(book, RT_PACKAGE)
    chart_part._blob = chart_xml(categories, series, title, rid_book)
    return inline(part.relate_to(chart_part, RT_CHART), number)
