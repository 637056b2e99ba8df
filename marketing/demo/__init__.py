"""A living demo: a realistic, clearly marked Korean dataset (`python manage.py seed_demo`).

- `ids`: every id and random stream derived from the seed;
- `korean`: the words it is made of (districts, shops, menus, names, notes);
- `stores`, `creators`, `matches`, `campaigns`: the items of each table, built with the
  apps' own domain code (store analysis, creator tiers and contact sealing, the matching
  engine's score, the workflows' transitions);
- `dataset`: the sizes and how the four fit together;
- `writing` and `removal`: batch writes of what is missing, and deleting what is demo;
- `recount`: the counters a batch write cannot move, counted again;
- `console`: whether `make run` loads the demo.
"""
