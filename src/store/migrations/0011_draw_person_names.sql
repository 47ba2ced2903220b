-- 0011_draw_person_names: the names beside the 执法证号 / 专家编号 on a public assignment draw
-- record are those the directory held when the draw was committed (issue 12), not today's: a
-- person renamed later must not change a public record. Draws committed by older binaries have
-- no rows; readers fall back to the directory for those.
CREATE TABLE draw_person_names (
  draw_id {{int}} NOT NULL REFERENCES draws(id),
  person_no TEXT NOT NULL,
  name TEXT NOT NULL,
  PRIMARY KEY (draw_id, person_no)
);
