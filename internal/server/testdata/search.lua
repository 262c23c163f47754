-- wrk script: /api/search with varied queries and facets, in turn.
local paths = {
  "/api/search?q=donnees+eleves",
  "/api/search?q=ia+generative&role=enseignant",
  "/api/search?q=gdpr",
  "/api/search?q=triche+devoir",
  "/api/search?q=etablisement",
  "/api/search?q=est-ce+que+je+peux+utiliser+chatgpt+pour+corriger+des+copies",
  "/api/search?role=aesh",
  "/api/search?q=rgpd&role=direction&role=enseignant&theme=rgpd",
  "/api/search?q=formation+continue&kind=syndical&kind=international",
  "/api/search?theme=fraude&nature=definition&nature=recommandation&page=2",
  "/api/search?q=relation+humaine&size=50",
  "/api/search?q=pix+4e+obligatoire",
  "/api/search?q=AI+Act+high+risk",
  "/api/search?role=cpe&theme=transparence",
  "/api/search?q=sobriete+numerique&kind=officiel",
  "/api/search?q=frode+ia",
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
