"""The whole pipeline as one command (`cinelake run`): which CLI steps, in which order."""

from cinelake.pipeline.plan import STEPS, PipelineInput, plan

__all__ = ["STEPS", "PipelineInput", "plan"]
