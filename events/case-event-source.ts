/** The `source` of every case event on the bus (the topology's rules match it). Alone in its module: the publisher's bundle needs no schemas. */
export const caseEventSource = 'petition.cases';
