"""A native Word chart (DrawingML), editable in Word: no plotting library on the click path.

python-pptx writes the chart XML and the small workbook Word opens on "Edit Data";
this module adds both as parts of the document being rendered and returns the
inline drawing for docxtpl to place where the template says ``{{ bieu_do_hop }}``.
"""
from __future__ import annotations

from lxml import etree

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part

CT_CHART = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
CT_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
EMU_PER_CM = 360000


def _chart_space(categories, series, title) -> bytes:
    from pptx.chart.data import CategoryChartData
    from pptx.chart.xmlwriter import ChartXmlWriter
    from pptx.enum.chart import XL_CHART_TYPE
    data = CategoryChartData()
    data.categories = categories
    for name, values in series:
        data.add_series(name, values)
    root = etree.fromstring(ChartXmlWriter(XL_CHART_TYPE.COLUMN_STACKED, data).xml.encode("utf-8"))
    chart = root.find(f"{{{C}}}chart")
    chart.insert(0, etree.fromstring(
        f'<c:title xmlns:c="{C}" xmlns:a="{A}"><c:tx><c:rich><a:bodyPr/><a:p><a:pPr><a:defRPr sz="1200" b="1"/>'
        f'</a:pPr><a:r><a:rPr lang="vi-VN" sz="1200" b="1"/><a:t>{_escape(title)}</a:t></a:r></a:p></c:rich></c:tx>'
        f'<c:overlay val="0"/></c:title>'))
    chart.find(f"{{{C}}}autoTitleDeleted").set("val", "0")
    plot = chart.find(f"{{{C}}}plotArea")
    bar = plot.find(f"{{{C}}}barChart")
    labels = etree.fromstring(f'<c:dLbls xmlns:c="{C}"><c:numFmt formatCode="0;;;" sourceLinked="0"/>'  # no "0"
                              '<c:showLegendKey val="0"/><c:showVal val="1"/>'
                              '<c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/>'
                              '<c:showBubbleSize val="0"/></c:dLbls>')
    bar.insert(list(bar).index(bar.find(f"{{{C}}}gapWidth")) if bar.find(f"{{{C}}}gapWidth") is not None
               else len(bar) - 2, labels)
    plot.addnext(etree.fromstring(f'<c:legend xmlns:c="{C}"><c:legendPos val="b"/><c:overlay val="0"/></c:legend>'))
    root.append(etree.fromstring(
        f'<c:txPr xmlns:c="{C}" xmlns:a="{A}"><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="1100">'
        '<a:latin typeface="Times New Roman"/><a:cs typeface="Times New Roman"/></a:defRPr></a:pPr>'
        '<a:endParaRPr lang="vi-VN"/></a:p></c:txPr>'))
    return root, data.xlsx_blob


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class ColumnChart:
    """A stacked column chart placed by docxtpl like an InlineImage."""

    def __init__(self, tpl, categories, series, title, width_cm=16.0, height_cm=8.0):
        self.tpl, self.categories, self.series, self.title = tpl, categories, series, title
        self.size = (int(width_cm * EMU_PER_CM), int(height_cm * EMU_PER_CM))

    def _add_parts(self) -> str:
        host = self.tpl.current_rendering_part
        package = host.package
        root, xlsx = _chart_space(self.categories, self.series, self.title)
        chart_name = package.next_partname("/word/charts/chart%d.xml")
        chart_part = Part(chart_name, CT_CHART, b"", package)
        book = Part(PackURI(f"/word/embeddings/Microsoft_Excel_Worksheet{chart_name.idx}.xlsx"), CT_XLSX, xlsx, package)
        rid = chart_part.relate_to(book, RT.PACKAGE)
        root.append(etree.fromstring(f'<c:externalData xmlns:c="{C}" xmlns:r="{R}" r:id="{rid}">'
                                     '<c:autoUpdate val="0"/></c:externalData>'))
        chart_part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        return host.relate_to(chart_part, RT.CHART)

    def _xml(self) -> str:
        rid = self._add_parts()
        cx, cy = self.size
        return (
            '</w:t></w:r><w:r><w:drawing>'
            '<wp:inline distT="0" distB="0" distL="0" distR="0" '
            'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
            f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
            f'<wp:docPr id="{9000 + int(rid[3:] or 0)}" name="Biểu đồ {rid}"/><wp:cNvGraphicFramePr/>'
            f'<a:graphic xmlns:a="{A}"><a:graphicData uri="{C}">'
            f'<c:chart xmlns:c="{C}" xmlns:r="{R}" r:id="{rid}"/>'
            '</a:graphicData></a:graphic></wp:inline></w:drawing></w:r><w:r><w:t xml:space="preserve">')

    __str__ = __html__ = _xml
