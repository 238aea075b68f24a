"""(filled by the assessment work of issue 19)"""
