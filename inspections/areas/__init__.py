"""Judgement areas: the framework eras Ofsted has judged under, the areas each era
judges, and the area every finding belongs to (suggested at import, confirmed by a
person). The eras and areas are records, loaded by a data migration and kept in the
admin, so a new framework is new rows, not new code."""
