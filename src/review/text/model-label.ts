/** "@cf/zai-org/glm-5.2" -> "GLM-5.2": the name maintainers know, for comments. */
export function modelLabel(model: string): string {
  const last = model.slice(model.lastIndexOf("/") + 1) || model;
  const glm = /^glm-(.+)$/i.exec(last);
  return glm ? `GLM-${glm[1]}` : last;
}
