-- 0014_task_target_risk: the credit-risk class a target had when its task's targets were locked.
-- Results now move a target's class (issue 13, credit linkage), so "problems by risk class"
-- (issue 14, statistics) must count a target under the class it was drawn in, not the class its
-- own result gave it afterwards. NULL in rows locked by older binaries; readers fall back to the
-- directory's current class for those.
ALTER TABLE task_targets ADD COLUMN locked_risk_class TEXT;
