"""Operations that change data. They flush, never commit: the request commits once, at the edge."""
