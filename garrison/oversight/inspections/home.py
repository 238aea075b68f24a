"""(filled by the inspections work of issue 19)"""
