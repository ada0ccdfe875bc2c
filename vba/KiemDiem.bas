Attribute VB_Name = "KiemDiem"
' kiemdiem: the buttons of the sheet of instructions.
' Each button runs one Sub below; each Sub runs one entry point of toolkit.excel in the
' user's own Python through xlwings' RunPython (module xlwings, embedded in this workbook).
' The Python interpreter comes from %USERPROFILE%\.xlwings\xlwings.conf, written by the
' set-up script (scripts/cai-dat-excel.ps1); the workbook itself never names one.
' Keep this file ASCII: the Vietnamese captions live in the sheet.
Option Explicit

Public Sub KiemTraDuLieu()
    RunPython "import toolkit.excel; toolkit.excel.check()"
End Sub

Public Sub TinhChiSo()
    RunPython "import toolkit.excel; toolkit.excel.indicators()"
End Sub

Public Sub TaoBaoCao()
    RunPython "import toolkit.excel; toolkit.excel.report()"
End Sub

Public Sub TaoBaoCaoPDF()
    RunPython "import toolkit.excel; toolkit.excel.report_pdf()"
End Sub
