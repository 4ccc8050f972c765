"""Plain typed functions per aggregate, one verb vocabulary: get_, list_, create_, update_,
delete_, count_. They flush and never commit: the boundary (request, listener, CLI) commits."""
